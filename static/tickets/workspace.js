/* The agent workspace: live view counts, keyboard shortcuts, standard answer preview.
   Progressive enhancement only: every task also works without this file. */
(function () {
  "use strict";

  var POLL_MS = 45000;
  var QUEUE_KEY = "ws-queue";

  function typing(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  /* Counts: poll a small JSON endpoint; update the numbers in place (focus never moves). */
  function pollCounts() {
    var nav = document.querySelector(".ws-views[data-counts-url]");
    if (!nav || !window.fetch) { return; }
    var url = nav.getAttribute("data-counts-url");
    function refresh() {
      if (document.hidden) { return; }
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          data.views.forEach(function (view) {
            var badge = nav.querySelector('.ws-count[data-view="' + view.key + '"]');
            var text = view.count + (view.capped ? "+" : "");
            if (badge && badge.textContent !== text) { badge.textContent = text; }
          });
        })
        .catch(function () { /* offline for a moment: try again next time */ });
    }
    window.setInterval(refresh, POLL_MS);
  }

  /* The queue: remember the view's order so j/k on a request page walk the same list. */
  function queueRows() {
    return Array.prototype.slice.call(document.querySelectorAll("#result_list tbody tr"));
  }

  function rememberQueue() {
    var links = queueRows().map(function (row) {
      var link = row.querySelector("th a, td a");
      return link ? link.getAttribute("href") : null;
    }).filter(Boolean);
    if (links.length) {
      try { window.sessionStorage.setItem(QUEUE_KEY, JSON.stringify(links)); } catch (e) { /* private mode */ }
    }
  }

  function moveInQueue(step) {
    var rows = queueRows();
    if (rows.length) {
      var index = rows.findIndex(function (row) { return row.classList.contains("ws-current"); });
      var next = Math.min(Math.max(index + step, 0), rows.length - 1);
      if (index >= 0) { rows[index].classList.remove("ws-current"); }
      rows[next].classList.add("ws-current");
      var link = rows[next].querySelector("th a, td a");
      if (link) { link.focus(); }
      return;
    }
    var stored;
    try { stored = JSON.parse(window.sessionStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { stored = []; }
    var here = stored.findIndex(function (href) {
      return new URL(href, window.location.href).pathname === window.location.pathname;
    });
    if (here >= 0 && stored[here + step]) { window.location.href = stored[here + step]; }
  }

  function startReply(internal) {
    var body = document.getElementById("id_reply_body");
    var box = document.getElementById("id_reply_is_internal");
    if (!body) { return; }
    if (box) { box.checked = internal; }
    body.focus();
  }

  function toggleHelp() {
    var dialog = document.getElementById("ws-shortcuts");
    if (!dialog || !dialog.showModal) { return; }
    if (dialog.open) { dialog.close(); } else { dialog.showModal(); }
  }

  function searchUrl() {
    var crumbs = document.querySelector(".breadcrumbs a[href$='/tickets/ticket/']");
    return crumbs ? crumbs.getAttribute("href") : null;
  }

  var KEYS = {
    "?": toggleHelp,
    "j": function () { moveInQueue(1); },
    "k": function () { moveInQueue(-1); },
    "r": function () { startReply(false); },
    "n": function () { startReply(true); },
    "t": function () {
      var take = document.querySelector("form.ws-take");
      if (take) { take.requestSubmit ? take.requestSubmit() : take.submit(); }
    },
    "e": function () {
      var link = document.querySelector(".object-tools a[href$='/escalate/']");
      if (link) { window.location.href = link.getAttribute("href"); }
    },
    "/": function () {
      var search = document.getElementById("searchbar");
      if (search) { search.focus(); return; }
      var url = searchUrl();
      if (url) { window.location.href = url + "#search"; }
    }
  };

  function shortcuts() {
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
      var action = KEYS[event.key];
      if (!action) { return; }
      event.preventDefault();
      action();
    });
    var open = document.querySelector(".ws-shortcuts-open");
    if (open) { open.addEventListener("click", toggleHelp); }
    var close = document.querySelector(".ws-shortcuts-close");
    if (close) { close.addEventListener("click", toggleHelp); }
    if (window.location.hash === "#search") {
      var search = document.getElementById("searchbar");
      if (search) { search.focus(); }
    }
  }

  /* Standard answers: show the filled-in text before anything is sent. */
  function standardAnswerPreview() {
    var data = document.getElementById("standard-answers");
    var picker = document.getElementById("id_standard_answer");
    if (!data || !picker) { return; }
    var answers = JSON.parse(data.textContent);
    var preview = document.createElement("div");
    preview.className = "ws-preview";
    preview.id = "ws-answer-preview";
    preview.setAttribute("aria-live", "polite");
    preview.hidden = true;
    picker.insertAdjacentElement("afterend", preview);
    picker.setAttribute("aria-describedby", (picker.getAttribute("aria-describedby") || "") + " ws-answer-preview");
    picker.addEventListener("change", function () {
      var text = answers[picker.value];
      preview.hidden = !text;
      preview.textContent = text || "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    pollCounts();
    rememberQueue();
    shortcuts();
    standardAnswerPreview();
  });
})();
