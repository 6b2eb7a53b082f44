// After a form is submitted, the page that answers shows a success message or
// the errors; move the keyboard and screen-reader focus there so people
// using them hear the outcome instead of starting again at the top.
// Loaded from partials/head_meta.html (a static file: the CSP allows no inline script).
(function () {
  "use strict";
  var SELECTOR = [
    "[data-focus-message]",
    ".messages",
    ".form-errors",
    "#form-errors",
    "[role=alert]",
    ".errorlist",
  ].join(",");

  function focusOutcome() {
    var region = document.querySelector(SELECTOR);
    if (!region) {
      return;
    }
    if (!region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "-1");
    }
    region.focus({ preventScroll: false });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusOutcome);
  } else {
    focusOutcome();
  }
})();
