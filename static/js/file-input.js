// Names the files chosen in a file input (tickets/partials/file_field.html) in
// the page's language; the texts come from data attributes rendered by Django.
(function () {
  "use strict";
  function describe(input) {
    var status = document.getElementById(input.id + "_status");
    if (!status) {
      return;
    }
    var files = Array.prototype.map.call(input.files || [], function (file) {
      return file.name;
    });
    if (files.length === 0) {
      status.textContent = status.dataset.none;
    } else if (files.length === 1) {
      status.textContent = status.dataset.one + " " + files[0];
    } else {
      status.textContent =
        status.dataset.many.replace("{count}", String(files.length)) + " " + files.join(", ");
    }
  }
  document.querySelectorAll("[data-file-input]").forEach(function (input) {
    input.addEventListener("change", function () {
      describe(input);
    });
  });
})();
