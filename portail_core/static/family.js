/* Family file: the « Recopier l'adresse de la famille » buttons copy the address in the
   page itself. Without JavaScript the same buttons post the form and the server copies. */
(function () {
  "use strict";
  var FIELDS = ["address_line1", "address_line2", "postal_code", "city"];

  function copyAddress(event) {
    var button = event.currentTarget;
    var target = button.getAttribute("data-target");
    var form = button.form;
    if (!target || !form) { return; }
    event.preventDefault();
    FIELDS.forEach(function (name) {
      var source = form.elements["address." + name];
      var field = form.elements[target + "." + name];
      if (source && field) { field.value = source.value; }
    });
    var status = document.getElementById("copy-status");
    if (status) {
      // The text comes translated from the page (data-copied-text): no words in the script.
      status.textContent = form.getAttribute("data-copied-text") || "";
    }
    var first = form.elements[target + ".address_line1"];
    if (first) { first.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("button.copy-address");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", copyAddress);
    });
  });
})();
