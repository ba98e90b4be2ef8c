"""The forms of a return: the customer's request, and the merchandiser's decision and receipt."""
from django import forms

from commerce.order.versions import variant_name

from .exchanges import siblings
from .models import Reason


class ReturnRequestForm(forms.Form):
    """One quantity per order line that can still come back, a reason from the list, an optional note.

    Quantities are only checked to be whole numbers here; what may come back is
    rules.check_quantities' answer, given with the figures. A line whose product is a
    variant also offers its siblings to exchange for; which one may be sent is
    exchanges.check_exchange's answer.
    """

    reason = forms.ChoiceField(choices=[("", "Choose a reason")] + list(Reason.choices),
                               error_messages={"required": "Choose a reason for the return.",
                                               "invalid_choice": "Choose a reason for the return from the list."})
    note = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                           label="Anything we should know (optional)",
                           error_messages={"max_length": "Keep the note under 500 characters."})

    def __init__(self, lines, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines  # [(order line, units that may still come back)]
        for line, _ in lines:
            self.fields[f"qty_{line.pk}"] = forms.IntegerField(
                required=False, min_value=0, initial=0, label=line.title,
                error_messages={"invalid": f"Enter how many of “{line.title}” to return as a whole number.",
                                "min_value": f"Enter how many of “{line.title}” to return (0 or more)."})
        self.variants = {line.pk: [(p.pk, variant_name(p)) for p in siblings(line.product)] for line, _ in lines}
        for line, _ in lines:
            if self.variants[line.pk]:
                self.fields[f"exchange_{line.pk}"] = forms.CharField(required=False, max_length=20,
                                                                     label=f"Exchange “{line.title}” for")

    def rows(self):
        return [(line, left, self[f"qty_{line.pk}"], self.variants[line.pk] and self[f"exchange_{line.pk}"],
                 self.variants[line.pk]) for line, left in self.lines]

    def wanted(self):
        return {line.pk: self.cleaned_data.get(f"qty_{line.pk}") or 0 for line, _ in self.lines}

    def exchanges(self):
        """{line id: the product id chosen to exchange it for}, for lines with a choice."""
        return {line.pk: self.cleaned_data[f"exchange_{line.pk}"].strip() for line, _ in self.lines
                if self.cleaned_data.get(f"exchange_{line.pk}", "").strip()}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")],
                                 error_messages={"required": "Choose approve or reject.",
                                                 "invalid_choice": "Choose approve or reject."})
    note = forms.CharField(required=False, max_length=500, label="Note to the customer",
                           error_messages={"max_length": "Keep the note under 500 characters."})


class ReceiptForm(forms.Form):
    """Per return line: how many units go back on the shelf and how many are written off."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.return_lines = list(request.lines.select_related("line"))
        for rl in self.return_lines:
            for kind, initial in (("restock", rl.quantity), ("writeoff", 0)):
                self.fields[f"{kind}_{rl.pk}"] = forms.IntegerField(
                    min_value=0, max_value=rl.quantity, initial=initial, required=False,
                    error_messages={"invalid": f"“{rl.line.title}”: enter whole numbers of units.",
                                    "min_value": f"“{rl.line.title}”: enter 0 or more units.",
                                    "max_value": f"“{rl.line.title}”: at most {rl.quantity} came back."})

    def rows(self):
        return [(rl, self[f"restock_{rl.pk}"], self[f"writeoff_{rl.pk}"]) for rl in self.return_lines]

    def counts(self):
        data = self.cleaned_data
        return {rl.pk: (data.get(f"restock_{rl.pk}") or 0, data.get(f"writeoff_{rl.pk}") or 0)
                for rl in self.return_lines}
