"""Checkout forms: the card step (a Stripe PaymentMethod id or one of the customer's saved
cards, never card data) and billing."""
from django import forms
from oscar.apps.address.forms import AbstractAddressForm
from oscar.apps.checkout import forms as oscar_forms
from oscar.core.loading import get_model

from basket_reminders.consent import CONSENT_LABEL
from commerce.payments.models import SavedCard
from commerce.payments.saved_cards import NOT_YOURS, cards_of

BillingAddress = get_model("order", "BillingAddress")


class BillingAddressForm(AbstractAddressForm):
    class Meta:
        model = BillingAddress
        fields = ["first_name", "last_name", "line1", "line2", "line3", "line4", "state", "postcode", "country"]


class CardPaymentForm(forms.Form):
    """Filled in by Stripe.js: it turns the card into a PaymentMethod id before posting.

    A signed-in customer may instead pick one of their saved cards (only their own are
    choices, so another account's card id is a form error) or tick to save the new card.
    Guests get neither field.
    """

    payment_method_id = forms.RegexField(
        regex=r"^pm_[A-Za-z0-9_]{6,200}$", widget=forms.HiddenInput, required=False,
        error_messages={"invalid": "Your card details could not be read; please enter them again."},
    )
    saved_card = forms.ModelChoiceField(
        queryset=SavedCard.objects.none(), required=False, empty_label="A new card", widget=forms.RadioSelect,
        label="Pay with", error_messages={"invalid_choice": NOT_YOURS},
    )
    save_card = forms.BooleanField(required=False, label="Save this card for next time")
    billing_same_as_shipping = forms.BooleanField(
        required=False, initial=True, label="Billing address is the same as the delivery address",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        cards = cards_of(user) if user is not None else SavedCard.objects.none()
        if user is None or not user.is_authenticated:
            del self.fields["saved_card"], self.fields["save_card"]
        elif not cards.exists():
            del self.fields["saved_card"]
        else:
            self.fields["saved_card"].queryset = cards

    def clean(self):
        data = super().clean()
        if not data.get("saved_card") and not data.get("payment_method_id") and "payment_method_id" not in self.errors:
            self.add_error("payment_method_id", "Enter your card details.")
        if data.get("saved_card"):
            data["payment_method_id"], data["save_card"] = "", False
        return data


class GatewayForm(oscar_forms.GatewayForm):
    """Oscar's "guest or sign in" form; its password box sits beside a radio button with no label
    of its own, so it names itself for screen readers. A guest may also ask for a basket
    reminder (basket_reminders/consent.py); the box is unticked unless they tick it."""

    remind_me = forms.BooleanField(required=False, initial=False, label=CONSENT_LABEL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs.setdefault("aria-label", "Password")
