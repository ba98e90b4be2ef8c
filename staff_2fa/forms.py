"""The code forms. django-otp's OTPTokenForm does the checking (the device must be the
user's, its throttling, replay refusal); these only word it for staff and tidy what is typed."""
from django import forms
from django_otp import devices_for_user
from django_otp.forms import OTPAuthenticationFormMixin, OTPTokenForm

from .devices import APP_NAME

PAUSED = "Checking codes is paused for a moment after a wrong one. Please wait a few seconds and try again."


def _tidy(code):
    """Spaces and dashes as people copy codes ("123 456", "abcd-efgh") are not part of them."""
    return "".join((code or "").split()).replace("-", "").lower()


class SecondFactorForm(OTPTokenForm):
    """A code from the authenticator app, or one of the recovery codes."""

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": "Please type the code.",
        "invalid_token": "That code is not right. Check the app (codes change every 30 seconds) and try again; "
                         "a recovery code works once only.",
        "device_required": "Please choose where the code comes from.",
        "n_failed_attempts": PAUSED,  # django-otp's own back-off: 1, 2, 4... seconds after each wrong code
        "verification_not_allowed": PAUSED,
    }

    def __init__(self, user, request=None, *args, **kwargs):
        super().__init__(user, request, *args, **kwargs)
        device = self.fields["otp_device"]
        device.label = "The code comes from"
        device.widget = forms.RadioSelect(choices=device.choices)
        device.initial = next((value for value, label in device.choices if label == APP_NAME), None)
        token = self.fields["otp_token"]
        token.label = "Code"
        token.widget.attrs.update({"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
                                   "autocapitalize": "none", "maxlength": 32})

    @staticmethod
    def device_choices(user):
        return [(d.persistent_id, d.name) for d in devices_for_user(user)]

    def clean_otp_token(self):
        return _tidy(self.cleaned_data.get("otp_token"))


class EnrolmentForm(forms.Form):
    """The first code from the app being added."""

    code = forms.CharField(label="Code from the app", max_length=32, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = _tidy(self.cleaned_data["code"])
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(PAUSED)
        if not self.device.verify_token(code):
            raise forms.ValidationError("That code is not right. Type the six digits the app shows now "
                                        "(they change every 30 seconds).")
        return code
