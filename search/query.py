"""What a product listing asks the engine for, and what comes back, in engine-neutral terms.

Every engine (database, OpenSearch, Elasticsearch) takes a ProductQuery and returns
ProductHits, so the views, templates and tests never see which engine answered.
"""
from dataclasses import dataclass, field
from decimal import Decimal

# Price bands shown as a facet: (key, label, lower bound inclusive, upper bound exclusive).
PRICE_RANGES = [
    ("0-10", "Under $10", None, Decimal("10")),
    ("10-25", "$10 to $25", Decimal("10"), Decimal("25")),
    ("25-50", "$25 to $50", Decimal("25"), Decimal("50")),
    ("50-", "$50 and over", Decimal("50"), None),
]
PRICE_KEYS = [key for key, *_ in PRICE_RANGES]

SORTS = {
    "relevance": "Relevance",
    "price-asc": "Price, low to high",
    "price-desc": "Price, high to low",
    "newest": "Newest",
    "name": "Name, A–Z",
}
# Product attributes offered as facets where products have them: a parent's document holds
# its versions' values, so "Rust" finds the throw that comes in rust (search/documents.py).
ATTRIBUTE_FACETS = [("colour", "Colour"), ("size", "Size"), ("material", "Material")]
MAX_WORDS = 12  # longer queries are cut: no shopper types more, and engines slow down


@dataclass(frozen=True)
class ProductQuery:
    """A product search or browse: words, filters, sort and page.

    Filters of one facet are alternatives (any of the chosen product types); filters
    of different facets combine (and). `within_category` is the category page's own
    category, `category` the shopper's pick from the facet.
    """

    text: str = ""
    within_category: int | None = None
    category: int | None = None
    price: tuple[str, ...] = ()
    in_stock: bool = False
    product_types: tuple[int, ...] = ()
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (("colour", ("Rust", "Oatmeal")),)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 24

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    @property
    def words(self):
        return words_of(self.text)

    @property
    def effective_sort(self):
        """Relevance only means something when there are words; browsing lists newest first."""
        if self.sort == "relevance" and not self.words:
            return "newest"
        return self.sort if self.sort in SORTS else "relevance"


@dataclass
class ProductHits:
    """One page of matching product ids (in order), the total, and facet counts.

    facets: {"category": {category_id: n}, "price": {key: n}, "in_stock": n,
    "product_type": {product_class_id: n}, and per ATTRIBUTE_FACETS code ("colour"): {value: n}}.
    Each facet is counted with every filter applied except its own, so a shopper sees what
    choosing another value would give.
    """

    ids: list[int]
    total: int
    facets: dict = field(default_factory=dict)
    suggestion: str = ""
    engine: str = ""


def words_of(text):
    """The searchable words of a query: letters and digits only, so no engine's query
    syntax (quotes, operators, field:value, wildcards) ever reaches it."""
    import re

    return re.findall(r"[^\W_]+", str(text).lower())[:MAX_WORDS]

