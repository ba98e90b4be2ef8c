"""Checkout forms: the card step (a Stripe PaymentMethod id, never card data) and billing."""
from django import forms
from oscar.apps.address.forms import AbstractAddressForm
from oscar.apps.checkout import forms as oscar_forms
from oscar.core.loading import get_model

BillingAddress = get_model("order", "BillingAddress")


class BillingAddressForm(AbstractAddressForm):
    class Meta:
        model = BillingAddress
        fields = ["first_name", "last_name", "line1", "line2", "line3", "line4", "state", "postcode", "country"]


class CardPaymentForm(forms.Form):
    """Filled in by Stripe.js: it turns the card into a PaymentMethod id before posting."""

    payment_method_id = forms.RegexField(
        regex=r"^pm_[A-Za-z0-9_]{6,200}$", widget=forms.HiddenInput,
        error_messages={"required": "Enter your card details.",
                        "invalid": "Your card details could not be read; please enter them again."},
    )
    billing_same_as_shipping = forms.BooleanField(
        required=False, initial=True, label="Billing address is the same as the delivery address",
    )


class GatewayForm(oscar_forms.GatewayForm):
    """Oscar's "guest or sign in" form; its password box sits beside a radio button with no label
    of its own, so it names itself for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs.setdefault("aria-label", "Password")
