// Ticks the password checklist while typing. The rules and their texts come
// from the server (the validators' help texts); this only runs the simple
// checks named in data-check. Without JavaScript the list is plain help text
// and the server still validates every rule on submit.
(function () {
  "use strict";
  var tests = {
    upper: function (value) { return value !== value.toLowerCase(); },
    lower: function (value) { return value !== value.toUpperCase(); },
    // Any decimal digit, as Python's str.isdigit() counts them on the server.
    digit: function (value) { return /\p{Nd}/u.test(value); },
    "not-numeric": function (value) { return value.length > 0 && !/^\p{Nd}+$/u.test(value); }
  };
  function passes(check, value) {
    if (check.indexOf("min:") === 0) {
      return value.length >= parseInt(check.slice(4), 10);
    }
    return tests[check] ? tests[check](value) : false;
  }
  document.querySelectorAll("[data-password-checklist]").forEach(function (list) {
    var describedBy = list.closest("[id]");
    var input = describedBy && document.querySelector('[aria-describedby~="' + describedBy.id + '"]');
    if (!input) { return; }
    var items = list.querySelectorAll("li[data-check]");
    function update() {
      items.forEach(function (item) {
        var met = passes(item.getAttribute("data-check"), input.value);
        item.classList.toggle("is-met", met);
        item.querySelector("[data-status]").textContent =
          " " + list.getAttribute(met ? "data-met-text" : "data-unmet-text");
      });
    }
    input.addEventListener("input", update);
    update();
  });
})();
