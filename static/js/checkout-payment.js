/* Card step with Stripe Elements: the card never touches our server.
 *
 * On the payment page, Stripe.js turns the card into a PaymentMethod id, which is all
 * the form posts. On the confirmation page, if the bank asks for 3-D Secure, Stripe.js
 * runs it for the PaymentIntent our server created, then the page reloads to show the
 * state the webhook recorded.
 */
(function () {
  "use strict";

  function setupCardForm(form) {
    var stripe = Stripe(form.dataset.stripeKey);
    var card = stripe.elements().create("card");
    card.mount("#card-element");
    var errors = document.getElementById("card-errors");
    var same = form.querySelector("[name=billing_same_as_shipping]");
    var billing = document.getElementById("billing-address-fields");
    function toggleBilling() { billing.hidden = same.checked; }
    same.addEventListener("change", toggleBilling);
    toggleBilling();

    // A signed-in customer's saved card needs no card entry: the form posts its choice.
    var newCard = document.getElementById("new-card");
    function savedCardChosen() {
      var chosen = form.querySelector("[name=saved_card]:checked");
      return Boolean(chosen && chosen.value);
    }
    function toggleNewCard() { newCard.hidden = savedCardChosen(); }
    form.querySelectorAll("[name=saved_card]").forEach(function (radio) {
      radio.addEventListener("change", toggleNewCard);
    });
    toggleNewCard();

    form.addEventListener("submit", function (event) {
      var field = form.querySelector("[name=payment_method_id]");
      if (field.value || savedCardChosen()) { return; }
      event.preventDefault();
      errors.textContent = "";
      stripe.createPaymentMethod({ type: "card", card: card }).then(function (result) {
        if (result.error) {
          errors.textContent = result.error.message;
          return;
        }
        field.value = result.paymentMethod.id;
        form.submit();
      });
    });
  }

  function setupThreeDSecure(button) {
    var stripe = Stripe(button.dataset.stripeKey);
    button.addEventListener("click", function () {
      button.disabled = true;
      stripe.confirmCardPayment(button.dataset.clientSecret).then(function () {
        window.location.reload();
      });
    });
  }

  var form = document.getElementById("card_payment_form");
  if (form) { setupCardForm(form); }
  var button = document.getElementById("confirm_3ds");
  if (button) { setupThreeDSecure(button); }
})();
