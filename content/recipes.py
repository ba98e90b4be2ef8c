""""Add everything to basket" for a shoppable recipe (content/blocks/recipe.py).

The form posts only the page's id and the recipe block's id. The ingredients, their
quantities and the editor's alternatives are read here from the published page, so a
post can't choose what goes in the basket or at which quantity.

Each ingredient is bought as follows, and the shopper is told of every swap or skip:
1. the chosen product, if it can be bought in the quantity now;
2. else the editor's alternative, if it can;
3. else the nearest match: a public product sharing a category with the chosen one that
   can be bought, the closest in price (then by title);
4. else nothing: the line is skipped.
A product sold in versions (an Oscar parent) is bought as its first version, in the
order the versions were created, that can be bought in the quantity; when none can, it
counts as sold out and steps 2–4 apply. "Can be bought" is the shop's strategy saying
the purchase of the quantity, on top of what the basket already holds, is permitted.

Oscar's basket then applies its offers as usual (a bundle offer the block names too).
"""
import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from oscar.apps.basket.signals import basket_addition
from oscar.core.loading import get_class, get_model
from wagtail.fields import StreamField
from wagtail.models import Page

from attribution.touches import record_basket_add
from commerce.order.versions import variant_name
from content.blocks.recipe import RecipeBlock

BasketMessageGenerator = get_class("basket.utils", "BasketMessageGenerator")
Product = get_model("catalogue", "Product")

NEAREST_MATCH_CANDIDATES = 200  # a category's products weighed for a swap, cheapest look first


@dataclass(frozen=True)
class RecipeLine:
    """One ingredient as it went into the basket: `added` is None when it was skipped."""

    wanted: Product
    added: Product | None
    quantity: int
    how: str  # "as chosen", "alternative", "nearest match", "skipped", "over the basket's limit"


class RecipeRefused(Exception):
    def __init__(self, reason, status):
        super().__init__(reason)
        self.reason, self.status = reason, status


def note_recipe_add(request, page, lines):
    """Each product the recipe put in the basket (swaps included: they are what sold) is a basket
    add from the page's recipe block, for content attribution (attribution/touches.py)."""
    for line in lines:
        if line.added is not None:
            record_basket_add(request, request.basket, page_id=page.pk, block_type="recipe", product=line.added)


def buyable(product, quantity, basket):
    """The product (or, for a parent, its first version) a shopper can buy `quantity` of now, or None."""
    if product is None or not product.is_public:
        return None
    sellers = product.children.filter(is_public=True).order_by("pk") if product.is_parent else [product]
    for seller in sellers:
        info = basket.strategy.fetch_for_product(seller)
        if info.stockrecord is None or not info.price.exists:
            continue
        held = basket.line_quantity(seller, info.stockrecord)
        if info.availability.is_purchase_permitted(held + quantity)[0]:
            return seller
    return None


def _price(product, basket):
    info = basket.strategy.fetch_for_product(product)
    return info.price.excl_tax if info.price.exists else None


def nearest_match(product, quantity, basket):
    """The buyable product closest in price to `product` among those sharing a category with it."""
    from search.listing import listable_products

    categories = product.get_categories().values("pk")
    candidates = (listable_products().filter(categories__in=categories).exclude(pk=product.pk).distinct()
                  .order_by("title")[:NEAREST_MATCH_CANDIDATES])
    target = _price(product, basket)
    found = []
    for candidate in candidates:
        seller = buyable(candidate, quantity, basket)
        price = _price(seller, basket) if seller is not None else None
        if price is not None:
            distance = abs(price - target) if target is not None else 0
            found.append((distance, candidate.get_title(), seller))
    return min(found, key=lambda f: f[:2])[2] if found else None


def choose(ingredient, basket):
    """(the product to add, how it was chosen) for one ingredient of the published recipe."""
    quantity = ingredient["quantity"]
    wanted = ingredient["product"]
    for how, pick in (("as chosen", lambda: buyable(wanted, quantity, basket)),
                      ("alternative", lambda: buyable(ingredient["alternative"], quantity, basket)),
                      ("nearest match", lambda: wanted and nearest_match(wanted, quantity, basket))):
        product = pick()
        if product is not None:
            return product, how
    return None, "skipped"


def published_recipe(page_id, block_id):
    """(the live, public page, the block's id, the recipe block's value) or RecipeRefused."""
    if not (page_id.isascii() and page_id.isdigit() and len(page_id) < 10):
        raise RecipeRefused("That recipe link is not one of ours.", 400)
    try:
        block_id = str(uuid.UUID(block_id))
    except ValueError:
        raise RecipeRefused("That recipe link is not one of ours.", 400) from None
    page = Page.objects.live().public().filter(pk=int(page_id)).specific().first()
    if page is not None:
        for field in page._meta.get_fields():
            if not isinstance(field, StreamField):
                continue
            for child in getattr(page, field.name):
                if child.id == block_id and isinstance(child.block, RecipeBlock):
                    return page, block_id, child.value
    raise RecipeRefused("This recipe is no longer on the page. The page may have changed since you opened it: "
                        "go back, reload it and try again.", 404)


def _tell(request, line):
    wanted = line.wanted.get_title() if line.wanted else "An ingredient"
    if line.how == "skipped":
        messages.warning(request, f"{wanted} is sold out and we have nothing like it in stock, so it was left out.")
    elif line.how != "as chosen":
        kind = "the recipe's alternative" if line.how == "alternative" else "the closest match we have"
        messages.info(request, f"{wanted} is sold out, so we added {variant_name(line.added)} instead ({kind}).")


@require_POST
def add_recipe_to_basket(request):
    try:
        page, block_id, recipe = published_recipe(request.POST.get("page", ""), request.POST.get("block", ""))
    except RecipeRefused as refused:
        return render(request, "content/recipe_refused.html", {"reason": refused.reason}, status=refused.status)
    basket = request.basket
    offers_before = basket.applied_offers()
    lines = []
    for ingredient in recipe["ingredients"]:
        product, how = choose(ingredient, basket)
        quantity = ingredient["quantity"]
        allowed, reason = basket.is_quantity_allowed(quantity)
        if product is not None and not allowed:  # Oscar's cap on a basket's size
            messages.warning(request, f"{variant_name(product)} was left out: {reason}")
            product, how = None, "over the basket's limit"
        if product is not None:
            basket.add_product(product, quantity)
            basket_addition.send(sender=add_recipe_to_basket, product=product, user=request.user, request=request)
        line = RecipeLine(ingredient["product"], product, quantity, how)
        lines.append(line)
        _tell(request, line)
    added = sum(line.quantity for line in lines if line.added)
    if added:
        messages.success(request, f"{recipe['title']}: {added} item{'s' if added != 1 else ''} added to your basket.")
        BasketMessageGenerator().apply_messages(request, offers_before)
    note_recipe_add(request, page, lines)
    url = page.get_url(request)
    return redirect(f"{url}#recipe-{block_id}" if url else "basket:summary")
