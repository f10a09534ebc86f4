/* "Accéder au paiement": post the signed form to the gateway as soon as the page is
   ready. Without JavaScript the parent clicks the same form's button. */
(function () {
  "use strict";
  var form = document.getElementById("payment-redirect");
  if (form && !form.hasAttribute("data-sent")) {
    form.setAttribute("data-sent", "1");
    form.submit();
  }
})();
