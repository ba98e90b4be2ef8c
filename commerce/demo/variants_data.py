"""The demo shop's products that come in several versions, and every product's weight.

A parent is what a shopper browses (title, description, categories, picture); its
children are what they buy, each with its own SKU (also its UPC and partner SKU), price,
stock and picture. What sets a child apart is a product attribute (size, scent, colour)
of the shop's one product class, so Oscar shows it in the basket and the order as
"Size: Large". Weights are in kilograms under the attribute code "weight", the code
Oscar's weight-based shipping reads.
"""
from dataclasses import dataclass, field

from .catalogue_data import CANDLES, CERAMICS, COOKWARE, LINENS, OILS, PRESERVES, SPICES, TEA, THROWS, TOOLS

WEIGHT = "weight"
# (code, name): what tells a product's versions apart, and what it is made of.
ATTRIBUTES = [("size", "Size"), ("scent", "Scent"), ("colour", "Colour"), ("material", "Material")]

# A product's weight in kg, by its first category, unless WEIGHT_OF names its SKU.
WEIGHT_BY_CATEGORY = {
    PRESERVES: 0.45, OILS: 0.75, SPICES: 0.12, TEA: 0.3, COOKWARE: 2.5, TOOLS: 0.5,
    LINENS: 0.25, CANDLES: 0.5, CERAMICS: 0.8, THROWS: 1.2,
}
WEIGHT_OF = {
    "LL-COO-001": 2.8, "LL-COO-002": 5.5, "LL-COO-003": 1.1, "LL-COO-004": 1.4, "LL-TOO-002": 3.2,
    "LL-TOO-004": 2.6, "LL-TOO-005": 0.05, "LL-THR-005": 1.5, "LL-THR-006": 0.6, "LL-CER-004": 1.3,
}


@dataclass(frozen=True)
class VariantSpec:
    sku: str
    label: str  # the value of the parent's varying attribute: "Large", "Fig & Cedar", "Rust"
    price: str
    num_in_stock: int
    weight: float
    colour: str = ""  # the picture's background (hex) when the version is a colour


@dataclass(frozen=True)
class ParentSpec:
    sku: str
    title: str
    blurb: str
    categories: tuple[tuple[str, ...], ...]
    varies_by: str  # an attribute code from ATTRIBUTES
    material: str = ""
    variants: tuple[VariantSpec, ...] = field(default_factory=tuple)


V = VariantSpec
PARENTS = [
    ParentSpec("LL-LIN-101", "Washed Linen Tablecloth", "Stone-washed Lithuanian linen with a mitred hem, soft from "
               "the first laying.", (LINENS,), "size", "Linen", (
                   V("LL-LIN-101-S", "Small, 140 × 140 cm", "58.00", 14, 0.6),
                   V("LL-LIN-101-M", "Medium, 140 × 200 cm", "72.00", 9, 0.8),
                   V("LL-LIN-101-L", "Large, 140 × 260 cm", "86.00", 0, 1.0),
               )),
    ParentSpec("LL-LIN-102", "Waffle Cotton Towel", "Deep waffle-weave organic cotton that dries fast and "
               "gets softer with every wash.", (LINENS,), "size", "Cotton", (
                   V("LL-LIN-102-H", "Hand", "18.00", 40, 0.2),
                   V("LL-LIN-102-B", "Bath", "34.00", 22, 0.5),
                   V("LL-LIN-102-X", "Bath sheet", "48.00", 6, 0.8),
               )),
    ParentSpec("LL-CAN-101", "Soy Jar Candle", "Hand-poured soy wax in a reusable amber jar, about 50 hours of "
               "burning.", (CANDLES,), "scent", "Soy wax", (
                   V("LL-CAN-101-FC", "Fig & Cedar", "26.00", 30, 0.55),
                   V("LL-CAN-101-SS", "Sea Salt & Sage", "26.00", 0, 0.55),
                   V("LL-CAN-101-OC", "Orange & Clove", "28.00", 18, 0.55),
               )),
    ParentSpec("LL-CAN-102", "Travel Tin Candle", "A small candle in a lidded tin, for a desk, a bathroom "
               "shelf or a weekend away.", (CANDLES,), "scent", "Soy wax", (
                   V("LL-CAN-102-LV", "Lavender", "12.00", 50, 0.15),
                   V("LL-CAN-102-MB", "Wild Mint & Basil", "12.00", 35, 0.15),
               )),
    ParentSpec("LL-THR-101", "Lambswool Throw", "Brushed lambswool woven in the Scottish Borders, warm without "
               "weight.", (THROWS,), "colour", "Lambswool", (
                   V("LL-THR-101-OA", "Oatmeal", "110.00", 12, 1.1, "#D8CBB3"),
                   V("LL-THR-101-FG", "Forest green", "110.00", 7, 1.1, "#3E5F4A"),
                   V("LL-THR-101-RU", "Rust", "110.00", 2, 1.1, "#B5542D"),
                   V("LL-THR-101-CH", "Charcoal", "120.00", 10, 1.1, "#3F4045"),
               )),
    ParentSpec("LL-THR-102", "Chunky Knit Cushion", "Hand-knitted merino over a feather pad, 45 cm square.",
               (THROWS,), "colour", "Merino wool", (
                   V("LL-THR-102-CR", "Cream", "45.00", 16, 0.9, "#EFE6D2"),
                   V("LL-THR-102-OC", "Ochre", "45.00", 9, 0.9, "#C89B3C"),
                   V("LL-THR-102-SL", "Slate blue", "49.00", 5, 0.9, "#5D7186"),
               )),
]


def weight_of(spec) -> float:
    """A standalone product's weight in kg (ProductSpec from catalogue_data)."""
    return WEIGHT_OF.get(spec.sku, WEIGHT_BY_CATEGORY[spec.categories[0]])


def all_variants():
    """(parent spec, variant spec) for every child in the demo."""
    return [(parent, variant) for parent in PARENTS for variant in parent.variants]
