"""Copy for the demo site's Wagtail pages, kept apart from the code that publishes it.

StreamField bodies are written as the raw JSON Wagtail stores: a list of
{"type": <block name in content/blocks.py>, "value": ...}.
"""
import datetime


def paragraph(*sentences):
    return {"type": "paragraph", "value": "<p>" + " ".join(sentences) + "</p>"}


def heading(text):
    return {"type": "heading", "value": text}


def call_to_action(title, text, label, url):
    return {"type": "call_to_action",
            "value": {"title": title, "text": text, "button_label": label, "button_url": url}}


def quote(text, attribution):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


# Shoppable blocks name products by SKU and categories by path; commerce.demo.pages swaps
# these references for ids when it publishes, so this file never holds a database id.
class ProductRef(str):
    """A product's SKU (its UPC)."""


class CategoryRef(tuple):
    """A category's path of names, e.g. ("Pantry", "Preserves")."""


def product(sku, note=""):
    return {"type": "product", "value": {"product": ProductRef(sku), "note": note}}


def picked_grid(title, *skus):
    products = [ProductRef(sku) for sku in skus]
    return {"type": "product_grid", "value": {"title": title, "source": "picked", "products": products,
                                              "category": None, "range": None, "limit": len(skus)}}


def category_grid(title, path, limit=4):
    return {"type": "product_grid", "value": {"title": title, "source": "category", "products": [],
                                              "category": CategoryRef(path), "range": None, "limit": limit}}


def category_tiles(title, *paths):
    return {"type": "category_tiles", "value": {"title": title, "categories": [CategoryRef(p) for p in paths]}}


class OfferRef(str):
    """An Oscar offer's name (the promotion's, made by commerce.demo.pages_shoppable.promotion_offer)."""


def ingredient(sku, quantity, note="", alternative=None):
    return {"product": ProductRef(sku), "quantity": quantity, "note": note,
            "alternative": ProductRef(alternative) if alternative else None}


def recipe(title, method, *ingredients, offer=None):
    return {"type": "recipe", "value": {"title": title, "method": method, "ingredients": list(ingredients),
                                        "offer": OfferRef(offer) if offer else None}}


AUTUMN_OFFER = "Autumn pantry restock: 10% off oils and spices"  # the promotion's Oscar offer (PROMOTION below)
PROMOTION_BANNER = {"type": "promotion_banner", "value": {"promotion": "autumn-pantry-restock", "text": ""}}


HOME = {
    "title": "Larder & Loom",
    "hero_title": "Good things for the kitchen and the home",
    "hero_text": "Preserves, oils and spices from small producers, with the pans, linens and pots to use "
                 "them in. Chosen by people who cook every day.",
    "body": [
        heading("Stocked from small producers"),
        paragraph("We buy directly from around forty makers: jam kitchens, olive estates, potters and weavers. "
                  "Most of them we have visited; all of them we pay fairly and on time."),
        product("LL-PRE-001", "New season: the first batch of the year is jarred, and it sells out by spring."),
        picked_grid("Staff favourites", "LL-OIL-001", "LL-SPI-002", "LL-COO-001", "LL-LIN-001"),
        category_tiles("Around the house", ("Home", "Candles"), ("Home", "Ceramics"), ("Home", "Throws & Textiles")),
        paragraph("Orders placed before 2 pm ship the same day from our warehouse, carefully packed in "
                  "recycled paper."),
    ],
}

ABOUT = {
    "slug": "about",
    "title": "About us",
    "intro": "Larder & Loom began as a market stall selling damson jam and tea towels. It is still run by "
             "the same two people.",
    "body": [
        heading("How we choose"),
        paragraph("Everything we sell has been used in our own kitchens for at least a season before it goes "
                  "on the shelf. If it chips, fades or goes stale too soon, it doesn't make the cut."),
        quote("Buy fewer things, and buy them from someone who cares how they are made.", "Our founders"),
        picked_grid("Where it started: damson jam and a tea towel", "LL-PRE-002", "LL-LIN-001"),
        heading("Where we are"),
        paragraph("Our warehouse and packing room are in a converted grain store. You are welcome to collect "
                  "orders in person on weekday afternoons."),
    ],
}

DELIVERY = {
    "slug": "delivery",
    "title": "Delivery & returns",
    "intro": "Standard delivery is free on every order; returns are free within 30 days.",
    "body": [
        heading("Delivery"),
        paragraph("We ship within one working day with a tracked courier. Most orders arrive in two to four "
                  "working days. Fragile ceramics are double-boxed."),
        heading("Returns"),
        paragraph("Unused homewares can be returned within 30 days for a full refund. For food safety, "
                  "opened pantry goods can't be returned unless they arrived damaged."),
        paragraph("Something arrived broken? Send us a photo through the contact page and we will send a "
                  "replacement straight away."),
        call_to_action("Questions about an order?", "We answer every message within one working day.",
                       "Contact us", "/contact/"),
    ],
}

CONTACT = {
    "slug": "contact",
    "title": "Contact",
    "intro": "<p>Questions about an order, a product or a wholesale account? Write to us and we reply within "
             "one working day.</p>",
    "thank_you_text": "<p>Thank you — your message has reached us and we will reply soon.</p>",
    "fields": [
        {"label": "Name", "field_type": "singleline", "required": True},
        {"label": "Email", "field_type": "email", "required": True},
        {"label": "Message", "field_type": "multiline", "required": True},
    ],
}

BLOG_INDEX = {
    "slug": "blog",
    "title": "Journal",
    "intro": "Recipes, producer visits and notes from the packing room.",
}

BLOG_POSTS = [
    {
        "slug": "a-morning-at-the-marmalade-kitchen",
        "title": "A morning at the marmalade kitchen",
        "author": "Hannah Price",
        "date": datetime.date(2026, 1, 28),
        "intro": "Seville oranges have a season of about six weeks. We spent a morning with the kitchen that "
                 "turns them into our marmalade.",
        "body": [
            paragraph("The fruit arrives from Andalusia in late January, bitter and pitted. Everything is cut by "
                      "hand: the peel thick, the pith left on for the set."),
            paragraph("Each batch is boiled in an open copper pan, never more than twelve jars at a time, "
                      "because bigger batches cook too slowly and lose their brightness."),
            quote("If you rush marmalade, it tastes of sugar. If you wait, it tastes of oranges.", "Ruth, head cook"),
            product("LL-PRE-001", "Ruth's marmalade, thick-cut and dark."),
            category_grid("More from the preserves shelf", ("Pantry", "Preserves"), limit=4),
        ],
        "tags": ["producers", "preserves"],
    },
    {
        "slug": "how-to-season-a-cast-iron-skillet",
        "title": "How to season a cast iron skillet",
        "author": "Tom Aldridge",
        "date": datetime.date(2026, 3, 12),
        "intro": "A well-seasoned pan is practically non-stick. Here is how to build that surface and keep it.",
        "body": [
            heading("The first seasoning"),
            paragraph("Wash the pan, dry it over a flame, then rub a very thin layer of rapeseed oil over every "
                      "surface. Wipe off as much as you can: too much oil turns sticky."),
            paragraph("Bake it upside down at 230°C for an hour and let it cool in the oven. Repeat three times."),
            heading("Everyday care"),
            paragraph("Rinse with hot water and a brush, dry it on the hob and wipe on a drop of oil while it "
                      "is warm. Soap won't hurt it now and then."),
            picked_grid("What you need", "LL-COO-001", "LL-OIL-003", "LL-LIN-004"),
        ],
        "tags": ["kitchen", "how-to"],
    },
    {
        "slug": "five-ways-with-sumac",
        "title": "Five ways with sumac",
        "author": "Hannah Price",
        "date": datetime.date(2026, 6, 3),
        "intro": "The lemony spice that makes a salad taste like summer, and four other places to use it.",
        "body": [
            paragraph("Sprinkle it over sliced tomatoes with olive oil and flaky salt. Rub it into chicken thighs "
                      "before roasting. Stir it through thick yoghurt as a dip."),
            paragraph("Toss it with fried bread for fattoush, or mix it with onions and parsley to scatter over "
                      "grilled lamb."),
            product("LL-SPI-007"),
            PROMOTION_BANNER,
        ],
        "tags": ["recipes", "spices"],
    },
    {
        "slug": "meet-the-weavers",
        "title": "Meet the weavers behind our throws",
        "author": "Tom Aldridge",
        "date": datetime.date(2026, 9, 17),
        "intro": "Our merino throws come from a mill in mid-Wales that has run the same looms for ninety years.",
        "body": [
            paragraph("The mill buys fleece from farms within twenty miles, and spins and weaves it on site. "
                      "Undyed wool keeps the natural creams and greys of the sheep."),
            paragraph("Each throw takes two days from loom to finishing, and every one is checked by hand "
                      "before it is folded and labelled."),
            product("LL-THR-001", "Undyed, in the natural cream of the fleece."),
            category_tiles("More for the home", ("Home", "Throws & Textiles"), ("Kitchen", "Linens")),
        ],
        "tags": ["producers", "home"],
    },
    {
        "slug": "tomato-salad-with-sumac",
        "title": "Recipe: tomato salad with sumac",
        "author": "Hannah Price",
        "date": datetime.date(2026, 10, 8),
        "intro": "The last tomatoes of the year, sliced thick and dressed with the good oil. Five minutes, one bowl.",
        "body": [
            paragraph("Late tomatoes have thick skins and a lot of flavour; they want salt, acid and very "
                      "little else."),
            recipe("Tomato salad with sumac",
                   "<p>Slice four large tomatoes and lay them on a plate. Scatter with flaky salt and leave for ten "
                   "minutes so they give up a little juice.</p><p>Dress with two tablespoons of olive oil and a splash "
                   "of vinegar, then shake over a generous teaspoon of sumac and a pinch of Aleppo pepper.</p>",
                   ingredient("LL-OIL-001", 1, "two tablespoons", alternative="LL-OIL-002"),
                   ingredient("LL-OIL-005", 1, "a splash", alternative="LL-OIL-007"),
                   ingredient("LL-SPI-007", 1, "a generous teaspoon"),
                   ingredient("LL-SPI-005", 1, "a pinch"),
                   ingredient("LL-SPI-001", 1, "to taste"),
                   offer=AUTUMN_OFFER),
        ],
        "tags": ["recipes", "spices"],
    },
]


PROMOTION_INDEX = {
    "slug": "promotions",
    "title": "Promotions",
    "intro": "Offers running now across the pantry and the home.",
}

PROMOTION = {
    "slug": "autumn-pantry-restock",
    "title": "Autumn pantry restock",
    "banner_text": "Autumn restock: 10% off oils and spices while the new season lasts.",
    "running_days": 30,
    "offer": {"name": AUTUMN_OFFER, "percent": 10,
              "categories": [("Pantry", "Oils & Vinegars"), ("Pantry", "Spices & Seasonings")]},
    "category": ("Pantry", "Oils & Vinegars"),
    "body": [
        paragraph("Our autumn deliveries are in: new-season olive oils from Catalonia and Crete, fresh Aleppo "
                  "pepper and the first quince paste of the year. Every oil and spice is 10% off in the basket "
                  "until the promotion ends."),
        picked_grid("New this season", "LL-OIL-001", "LL-OIL-002", "LL-SPI-005", "LL-PRE-005"),
        category_grid("Spices and seasonings", ("Pantry", "Spices & Seasonings"), limit=4),
        call_to_action("Fill the cupboard", "Browse everything in the pantry, from marmalade to smoked paprika.",
                       "Shop the pantry", "/shop/catalogue/"),
    ],
}

FOOTER = {
    "email": "hello@larderandloom.example",
    "phone": "+1 413 555 0142",
    "address": "The Grain Store\n12 Mill Lane\nNorthampton, MA 01060",
    "opening_hours": "Collections weekdays 1–5 pm",
    "links": [("About us", "about"), ("Journal", "blog"), ("Delivery & returns", "delivery"),
              ("Promotions", "promotions"), ("Contact", "contact")],
}
