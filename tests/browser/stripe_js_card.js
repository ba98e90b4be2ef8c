/* Appended by tests/browser/localstripe_server.py to localstripe's Stripe.js stand-in.
 *
 * localstripe's stand-in mounts plain card inputs (its only Element, "card") and runs
 * confirmCardPayment, but its createPaymentMethod is an empty stub and it has no Payment
 * Element. This adds what checkout-payment.js uses, as real Stripe.js behaves:
 *
 * - stripe.elements({mode: "payment", amount, currency, paymentMethodCreation: "manual"})
 *   (deferred-intent mode) refuses options Stripe would refuse, records them in
 *   window.localstripeElementsOptions for the journeys to check, and its
 *   create("payment") mounts localstripe's card inputs;
 * - elements.submit() validates what was entered, and must come before
 *   createPaymentMethod({elements}), as Stripe requires;
 * - createPaymentMethod POSTs the card to /v1/payment_methods with the publishable key,
 *   as real Stripe.js does.
 */
(function () {
  "use strict";
  var makeStripe = window.Stripe;

  function deferredElements(stripe, options) {
    if (!Number.isInteger(options.amount) || options.amount <= 0 || !/^[a-z]{3}$/.test(options.currency || "")) {
      throw new Error("IntegrationError: a Payment Element in payment mode needs a positive integer amount " +
                      "and a lower-case currency.");
    }
    if (options.paymentMethodCreation !== "manual") {
      throw new Error("IntegrationError: createPaymentMethod needs paymentMethodCreation: 'manual'.");
    }
    window.localstripeElementsOptions = options;
    var cards = stripe.elements();
    var group = {
      _submitted: false,
      create: function (type) {
        if (type !== "payment") { throw new Error("localstripe shim: only the payment Element is faked."); }
        return cards.create("card");
      },
      getElement: function () { return cards.getElement("card"); },
      submit: async function () {
        var element = cards.getElement("card");
        var card = element && element.value && element.value.card;
        if (!card || !card.number || card.number.length < 12) {
          return {error: {type: "validation_error", message: "Your card number is incomplete."}};
        }
        group._submitted = true;
        return {};
      },
    };
    return group;
  }

  window.Stripe = function (publishableKey) {
    var stripe = makeStripe(publishableKey);
    var cardElements = stripe.elements;
    stripe.elements = function (options) {
      return options && options.mode ? deferredElements({elements: cardElements}, options) : cardElements();
    };
    stripe.createPaymentMethod = async function (options) {
      var element = options.card;
      if (options.elements) {
        if (!options.elements._submitted) {
          return {error: {message: "IntegrationError: call elements.submit() before createPaymentMethod()."}};
        }
        element = options.elements.getElement();
      }
      var card = element && element.value && element.value.card;
      if (!card || !card.number) {
        return {error: {message: "Your card number is incomplete."}};
      }
      var body = new URLSearchParams({type: options.type || "card", key: publishableKey});
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
