/* Knowledgebase suggestions while typing (progressive enhancement).
 *
 * Any input with data-kb-suggest="<id of a container>" gets a short list of
 * matching articles in that container, fetched as server-rendered HTML from
 * data-kb-suggest-url (default /kb/suggest/). Without JavaScript the form
 * simply works as before. The container should carry aria-live="polite". */
(function () {
  "use strict";
  var DELAY_MS = 250;
  var MIN_LENGTH = 3;

  function attach(input) {
    var target = document.getElementById(input.getAttribute("data-kb-suggest"));
    if (!target) { return; }
    var url = input.getAttribute("data-kb-suggest-url") || "/kb/suggest/";
    var timer = null;
    var lastQuery = "";
    var controller = null;

    function load() {
      var query = input.value.trim();
      if (query === lastQuery) { return; }
      lastQuery = query;
      if (query.length < MIN_LENGTH) { target.innerHTML = ""; return; }
      if (controller) { controller.abort(); }
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "XMLHttpRequest" },
        signal: controller.signal
      }).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        // The server renders and escapes this partial; it holds only links.
        if (input.value.trim() === query) { target.innerHTML = html.trim(); }
      }).catch(function () { /* aborted or offline: keep what is shown */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, DELAY_MS);
    });
  }

  function init() {
    var inputs = document.querySelectorAll("[data-kb-suggest]");
    for (var i = 0; i < inputs.length; i++) { attach(inputs[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
