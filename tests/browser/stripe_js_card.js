
/* Appended by tests/browser/localstripe_server.py to localstripe's Stripe.js stand-in.
 *
 * localstripe's stand-in mounts plain card inputs and runs confirmCardPayment, but its
 * createPaymentMethod is an empty stub. Real Stripe.js turns the card element into a
 * PaymentMethod by POSTing the card to /v1/payment_methods with the publishable key;
 * this does the same against localstripe, so checkout-payment.js runs unchanged.
 */
(function () {
  "use strict";
  var makeStripe = window.Stripe;
  window.Stripe = function (publishableKey) {
    var stripe = makeStripe(publishableKey);
    stripe.createPaymentMethod = async function (options) {
      var card = options.card && options.card.value && options.card.value.card;
      if (!card || !card.number) {
        return {error: {message: "Your card number is incomplete."}};
      }
      var body = new URLSearchParams({type: options.type, key: publishableKey});
      Object.keys(card).forEach(function (field) { body.append("card[" + field + "]", card[field]); });
      var response = await fetch(LOCALSTRIPE_BASE_API + "/v1/payment_methods", {method: "POST", body: body});
      var result = await response.json().catch(function () { return {}; });
      if (!response.ok || result.error) {
        return {error: result.error || {message: "The card was refused."}};
      }
      return {paymentMethod: result};
    };
    return stripe;
  };
})();
