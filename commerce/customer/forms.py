"""Registration with the newsletter offered (unticked: consent is asked, never assumed)."""
from django import forms
from oscar.apps.customer import forms as oscar_forms

from newsletter.subscriptions import request_subscription


class EmailUserCreationForm(oscar_forms.EmailUserCreationForm):
    newsletter = forms.BooleanField(
        required=False, label="Email me promotions and news",
        help_text="We send a link to confirm first; every newsletter has a one-click unsubscribe link.")

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit and self.cleaned_data.get("newsletter"):
            request_subscription(user.email, user=user)
        return user
