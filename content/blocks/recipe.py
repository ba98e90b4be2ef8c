"""A recipe that sells its ingredients: one button puts every one of them in the basket.

Like the other shoppable blocks it stores ids only (products, an optional Oscar offer) and
reads the live catalogue when it renders. Its form carries nothing but the page and the
block's id (and Django's CSRF token, which the page cache makes each visitor's own), so
the cached page works for everyone without JavaScript; content/recipes.py then reads the
ingredients from the published page itself, never from the post.
"""
from django.db.models import Min, Q
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail import blocks

from content.choosers import OfferChooserBlock, ProductChooserBlock

from .shoppable import on_sale, previewing


class IngredientBlock(blocks.StructBlock):
    product = ProductChooserBlock()
    quantity = blocks.IntegerBlock(default=1, min_value=1, max_value=20, help_text="How many go in the basket")
    note = blocks.CharBlock(required=False, max_length=120, help_text="e.g. “two tablespoons”")
    alternative = ProductChooserBlock(required=False,
                                      help_text="Added instead while the product is sold out. Left empty, the "
                                                "closest in-stock product of the same category is added.")

    class Meta:
        icon = "tag"
        label = "Ingredient"


class RecipeBlock(blocks.StructBlock):
    """A recipe: title, method and ingredients from the catalogue, with "Add everything to basket".

    Naming an Oscar offer (set up in the dashboard, e.g. a bundle discount) shows its name
    and description while it runs; the basket applies it as it applies any offer.
    """

    title = blocks.CharBlock(max_length=120)
    method = blocks.RichTextBlock(required=False, help_text="The introduction and the method")
    ingredients = blocks.ListBlock(IngredientBlock(), min_num=1, max_num=30)
    offer = OfferChooserBlock(required=False, help_text="An offer from the dashboard, shown while it runs")

    class Meta:
        icon = "list-ul"
        label = "Shoppable recipe"
        template = "content/blocks/recipe.html"

    def get_context(self, value, parent_context=None):
        ctx = super().get_context(value, parent_context)
        parent_context = parent_context or {}
        ctx["ingredients"] = [i for i in value["ingredients"] if on_sale(i["product"])]
        if previewing(parent_context):
            ctx["gone"] = len(value["ingredients"]) - len(ctx["ingredients"])
        offer = value["offer"]
        ctx["offer"] = offer if offer is not None and offer.is_available() else None
        # The page template's `{% for block in page.body %}` names the stream child being rendered:
        # its id is what the form sends. Rendered any other way (a block preview) there is no form.
        child = parent_context.get("block")
        page = parent_context.get("page")
        ctx["block_id"] = child.id if getattr(child, "value", None) is value else None
        ctx["page_id"] = getattr(page, "pk", None)
        return ctx


def next_offer_change():
    """When the next Oscar offer starts or ends: a recipe naming it shows or hides it then.

    The page cache keeps no page past this moment (settings.PAGE_CACHE_CHANGES_AT).
    """
    now = timezone.now()
    moments = get_model("offer", "ConditionalOffer").objects.aggregate(
        start=Min("start_datetime", filter=Q(start_datetime__gt=now)),
        end=Min("end_datetime", filter=Q(end_datetime__gt=now)))
    upcoming = [m for m in moments.values() if m is not None]
    return min(upcoming) if upcoming else None
