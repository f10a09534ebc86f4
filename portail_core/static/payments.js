/* Online payment pages. "Accéder au paiement" is sent once (a second click while the
   first is under way does nothing). A payment awaiting the bank's validation reloads its
   page every few seconds, for a few minutes, until the result is known. Without
   JavaScript the parent clicks "Actualiser". */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-once]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sent", "1");
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
        b.setAttribute("aria-disabled", "true");
      });
    });
  });

  var pending = document.getElementById("payment-pending");
  if (!pending || !window.sessionStorage) {
    return;
  }
  var key = "portail.payment-refresh." + window.location.pathname;
  var count = parseInt(window.sessionStorage.getItem(key) || "0", 10);
  if (count < 36) {
    window.setTimeout(function () {
      window.sessionStorage.setItem(key, String(count + 1));
      window.location.reload();
    }, 5000);
  }
})();
