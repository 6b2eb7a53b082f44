/* Swagger UI and Redoc render after load, outside our templates. What axe asks
   of them is applied each time they re-render:
   - Swagger UI: its introduction becomes a landmark (region), its tag and
     schema headings follow the page's h1 as level 2 and an operation's section
     headings as level 3 (heading-order), its drop-downs and response tables get
     names (select-name, landmark-unique);
   - both: code blocks, which may scroll, take keyboard focus (scrollable-region-focusable);
   - Redoc: the small headings inside an operation (h5) follow its h2 as level 3. */
(function () {
  "use strict";
  function setLevel(elements, level) {
    elements.forEach(function (element) {
      if (element.getAttribute("aria-level") !== level) {
        element.setAttribute("aria-level", level);
      }
    });
  }
  function fix(root) {
    root.querySelectorAll(".information-container:not([role])").forEach(function (block) {
      block.setAttribute("role", "region");
      block.setAttribute("aria-label", "API");
    });
    setLevel(root.querySelectorAll("h3.opblock-tag, .models > h4"), "2");
    setLevel(root.querySelectorAll(".opblock-section-header h4, .opblock-title"), "3");
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (select) {
      select.setAttribute("aria-label", select.closest("tr").getAttribute("data-param-name"));
    });
    root.querySelectorAll("table.responses-table[role=region]:not([aria-label])").forEach(function (table) {
      table.setAttribute("aria-label", "Responses " + table.id.replace(/_/g, " ").trim());
    });
    root.querySelectorAll("pre:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });
    root.querySelectorAll("select.examples-select-element:not([aria-label])").forEach(function (select) {
      select.setAttribute("aria-label", "Examples");
    });
    setLevel(root.querySelectorAll("h5"), "3");
  }
  var root = document.querySelector("[data-api-docs]");
  new MutationObserver(function () { fix(root); }).observe(root, { childList: true, subtree: true });
  fix(root);
})();
