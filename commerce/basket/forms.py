"""Oscar's basket forms; the line form and the add-to-basket forms (a sold-out variant) change."""
from django.core.exceptions import ValidationError
from oscar.apps.basket import forms as oscar_forms
from oscar.apps.basket.forms import *  # noqa: F401,F403  the rest stay Oscar's


class BasketLineForm(oscar_forms.BasketLineForm):
    """Oscar's basket table shows each quantity box under a column heading, with no label of its
    own; screen readers would announce a bare number field, so each box names its product."""

    def __init__(self, strategy, *args, **kwargs):
        super().__init__(strategy, *args, **kwargs)
        if self.instance.id:
            self.fields["quantity"].widget.attrs["aria-label"] = f"Quantity of {self.instance.product.get_title()}"


class AddToBasketForm(oscar_forms.AddToBasketForm):
    """Oscar's form, saying plainly when the chosen variant is sold out. The product page lists
    sold-out variants disabled; a post naming one anyway (an old page, a crafted request)
    is refused here, before Oscar's terser "no stock available"."""

    def clean(self):
        child = getattr(self, "child_product", None)
        if child is not None and not self.basket.strategy.fetch_for_product(child).availability.is_available_to_buy:
            summary = child.attribute_summary or child.get_title()
            raise ValidationError(
                f"Sorry, {self.parent_product.get_title()} ({summary}) is sold out. Please choose another option.")
        return super().clean()


class SimpleAddToBasketForm(oscar_forms.SimpleAddToBasketMixin, AddToBasketForm):
    """Oscar's one-click form (quantity 1), on the form above."""
