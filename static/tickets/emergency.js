/* Show the emergency phone number as soon as impact and urgency make an
   emergency, and tell the server it was seen. Which answers do is the
   server's rule (tickets.choices.is_emergency), rendered into the form's
   data-emergency-impact and data-emergency-urgency. Without this script the
   server shows it on the first submit instead. */
(function () {
  "use strict";
  var form = document.querySelector("[data-emergency-form]");
  var notice = document.getElementById("emergency-notice");
  var seen = form && form.querySelector("[data-emergency-seen]");
  if (!form || !notice || !seen) { return; }
  var impact = form.getAttribute("data-emergency-impact");
  var urgency = form.getAttribute("data-emergency-urgency");
  if (!impact || !urgency) { return; }
  function value(name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : "";
  }
  function update() {
    var emergency = value("impact") === impact && value("urgency") === urgency;
    notice.hidden = !emergency;
    if (emergency) { seen.value = "1"; }
  }
  form.addEventListener("change", update);
  update();
})();
