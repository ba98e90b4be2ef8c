/* Card step with Stripe's Payment Element: card details never touch our server.
 *
 * On the payment page, the Payment Element runs in deferred-intent mode: it is created
 * with the order's amount and currency (no PaymentIntent yet), and on submit
 * elements.submit() checks what was entered and stripe.createPaymentMethod({elements})
 * turns it into a PaymentMethod id, which is all the form posts; our server then creates
 * and confirms the PaymentIntent, as before. A signed-in customer who picks a saved card
 * posts only that choice. On the confirmation page, if the bank asks for 3-D Secure,
 * Stripe.js runs it for the PaymentIntent our server created, then the page reloads to
 * show the state the webhook recorded.
 */
(function () {
  "use strict";

  function setupCardForm(form) {
    var stripe = Stripe(form.dataset.stripeKey);
    var elements = stripe.elements({
      mode: "payment",
      amount: parseInt(form.dataset.amount, 10),  // minor units, the order's total
      currency: form.dataset.currency,
      paymentMethodCreation: "manual",
      paymentMethodTypes: ["card"],  // our PaymentIntents take cards (wallets pay as cards)
    });
    elements.create("payment").mount("#payment-element");
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
      elements.submit().then(function (checked) {
        if (checked.error) { return checked; }
        return stripe.createPaymentMethod({ elements: elements });
      }).then(function (result) {
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
