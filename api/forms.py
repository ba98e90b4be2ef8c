from django import forms

from .scopes import CHOICES


class NewKeyForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="Which integration uses this key, e.g. “Warehouse sync”.")
    scopes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple,
                                       help_text="Give the integration only what it needs.")
