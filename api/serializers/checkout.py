"""What a headless checkout sends and gets back. The address itself is checked by the web
checkout's own address form (api/views/checkout.py), so its rules live in one place."""
from rest_framework import serializers


class AddressSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=255)
    last_name = serializers.CharField(max_length=255)
    line1 = serializers.CharField(max_length=255)
    line2 = serializers.CharField(max_length=255, required=False, allow_blank=True)
    line4 = serializers.CharField(max_length=255, help_text="City or town.")
    state = serializers.CharField(max_length=255, required=False, allow_blank=True,
                                  help_text="State or province (name or code); needed where tax depends on it.")
    postcode = serializers.CharField(max_length=64)
    country = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. US.")
    phone_number = serializers.CharField(max_length=32, required=False, allow_blank=True)


class CheckoutSerializer(serializers.Serializer):
    email = serializers.EmailField(required=False, allow_blank=True,
                                   help_text="Required for guests; ignored when signed in.")
    shipping_address = AddressSerializer()
    shipping_method = serializers.CharField(max_length=128, help_text="A code from /api/checkout/methods/.")
    payment_method_id = serializers.RegexField(
        r"^pm_[A-Za-z0-9_]{6,200}$", help_text="A Stripe PaymentMethod id made by Stripe.js from the card.",
        error_messages={"invalid": "The card could not be read; create a new PaymentMethod with Stripe.js."})


class PaymentSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="processing (paid once Stripe confirms), requires_action (3-D "
                                             "Secure: confirm with client_secret in Stripe.js) or failed.")
    client_secret = serializers.CharField()


class PlacedOrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    currency = serializers.CharField()
    payment = PaymentSerializer()


class MethodSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    charge = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Delivery before tax.")
    tax = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="The order's tax with this method.")
    total = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="What the order would cost.")


class MethodsQuerySerializer(serializers.Serializer):
    country = serializers.CharField(max_length=2)
    state = serializers.CharField(max_length=255, required=False, allow_blank=True)
