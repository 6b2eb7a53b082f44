/* Fill the reply box with the chosen standard answer (already in the
   requester's language, placeholders filled) so the agent can adapt it.
   Without this script the server sends the answer when the box is empty. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var data = document.getElementById("standard-answers");
    var picker = document.getElementById("id_standard_answer");
    var body = document.getElementById("id_reply_body");
    if (!data || !picker || !body) { return; }
    var answers = JSON.parse(data.textContent);
    picker.addEventListener("change", function () {
      var text = answers[picker.value];
      // Never overwrite what the agent already typed.
      if (text && !body.value.trim()) {
        body.value = text;
      }
    });
  });
})();
