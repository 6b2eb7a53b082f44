/* The header's account menu: a disclosure button (aria-expanded) and a panel.
 * Enter/Space toggles, Escape closes and returns focus to the button, a click
 * or focus outside closes. Without JavaScript the panel is a plain list. */
(function () {
  "use strict";

  function attach(menu) {
    var button = menu.querySelector(".account-menu__button");
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) { return; }

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
    }

    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      setOpen(open);
      if (open) {
        var first = panel.querySelector("a, button");
        if (first) { first.focus(); }
      }
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) { setOpen(false); }
    });
    menu.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !menu.contains(event.relatedTarget)) { setOpen(false); }
    });
  }

  function init() {
    var menus = document.querySelectorAll("[data-account-menu]");
    for (var i = 0; i < menus.length; i++) { attach(menus[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
