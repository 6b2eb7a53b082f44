// On the new-request form: show only the disruptions of the picked category.
// Without this script every current disruption stays listed.
(function () {
  "use strict";
  var banner = document.querySelector("[data-status-banner]");
  var select = document.getElementById("id_category");
  if (!banner || !select) { return; }
  var items = banner.querySelectorAll("li[data-categories]");
  function update() {
    var shown = 0;
    items.forEach(function (item) {
      var ids = item.getAttribute("data-categories").trim().split(/\s+/);
      var match = select.value !== "" && ids.indexOf(select.value) !== -1;
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    banner.hidden = shown === 0;
  }
  select.addEventListener("change", update);
  update();
})();
