/* Show the emergency phone number as soon as impact and urgency are both at
   their highest, and tell the server it was seen. Without this script the
   server shows it on the first submit instead. */
(function () {
  "use strict";
  var form = document.querySelector("[data-emergency-form]");
  var notice = document.getElementById("emergency-notice");
  var seen = form && form.querySelector("[data-emergency-seen]");
  if (!form || !notice || !seen) { return; }
  function value(name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : "";
  }
  function update() {
    var emergency = value("impact") === "3" && value("urgency") === "3";
    notice.hidden = !emergency;
    if (emergency) { seen.value = "1"; }
  }
  form.addEventListener("change", update);
  update();
})();
