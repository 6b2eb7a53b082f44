/* Starts Redoc in each [data-redoc-spec-url] element (api/templates/api/).
   Redoc writes its styles into style elements at run time; the
   Content-Security-Policy admits them only with this response's nonce. The
   browser hides a nonce from every attribute, so the page hands it over the
   one way it stays readable: this script element's own nonce property. */
(function () {
  "use strict";
  var nonce = document.currentScript ? document.currentScript.nonce : "";
  document.querySelectorAll("[data-redoc-spec-url]").forEach(function (container) {
    window.Redoc.init(container.getAttribute("data-redoc-spec-url"), { nonce: nonce }, container);
  });
})();
