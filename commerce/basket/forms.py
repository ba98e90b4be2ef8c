"""Oscar's basket forms; only the line form changes."""
from oscar.apps.basket import forms as oscar_forms
from oscar.apps.basket.forms import *  # noqa: F401,F403  the rest stay Oscar's


class BasketLineForm(oscar_forms.BasketLineForm):
    """Oscar's basket table shows each quantity box under a column heading, with no label of its
    own; screen readers would announce a bare number field, so each box names its product."""

    def __init__(self, strategy, *args, **kwargs):
        super().__init__(strategy, *args, **kwargs)
        if self.instance.id:
            self.fields["quantity"].widget.attrs["aria-label"] = f"Quantity of {self.instance.product.get_title()}"
