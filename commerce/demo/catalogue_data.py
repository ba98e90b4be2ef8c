"""The demo shop's stock list: categories and products, written out as plain data.

Kept apart from the code that loads it so a copy-writer can edit the shop without
reading ORM calls, and so the loader's natural keys (category path, SKU) are visible
in one place. Every product's SKU doubles as its UPC and its partner SKU.
"""
from dataclasses import dataclass

PARTNER_NAME = "Larder & Loom Warehouse"
PRODUCT_CLASS_NAME = "Goods"
CURRENCY = "USD"
LOW_STOCK_THRESHOLD = 5
STOCK_SEED = 20261125  # fixed so every run (and every machine) gets the same stock levels


@dataclass(frozen=True)
class CategorySpec:
    path: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    title: str
    price: str
    blurb: str
    categories: tuple[tuple[str, ...], ...]


PANTRY = ("Pantry",)
PRESERVES = ("Pantry", "Preserves")
OILS = ("Pantry", "Oils & Vinegars")
SPICES = ("Pantry", "Spices & Seasonings")
TEA = ("Pantry", "Tea & Coffee")
KITCHEN = ("Kitchen",)
COOKWARE = ("Kitchen", "Cookware")
TOOLS = ("Kitchen", "Tools & Utensils")
LINENS = ("Kitchen", "Linens")
HOME = ("Home",)
CANDLES = ("Home", "Candles")
CERAMICS = ("Home", "Ceramics")
THROWS = ("Home", "Throws & Textiles")

CATEGORIES = [
    CategorySpec(PANTRY, "Store-cupboard staples from small producers: the jars, bottles and tins a "
                         "good kitchen runs on."),
    CategorySpec(PRESERVES, "Jams, marmalades, chutneys and honey made in small batches with more fruit "
                            "than sugar."),
    CategorySpec(OILS, "Cold-pressed oils and slow-aged vinegars for dressing, finishing and frying."),
    CategorySpec(SPICES, "Whole and ground spices, salts and blends, packed in small tins so they are "
                         "used while they still smell of something."),
    CategorySpec(TEA, "Loose-leaf teas, tisanes and single-origin coffee from growers we buy from directly."),
    CategorySpec(KITCHEN, "Tools and textiles for cooking every day, chosen to last rather than to match."),
    CategorySpec(COOKWARE, "Cast iron, enamel and carbon steel that goes from hob to oven to table."),
    CategorySpec(TOOLS, "Spoons, boards, knives and the small tools you reach for without thinking."),
    CategorySpec(LINENS, "Tea towels, aprons and napkins in washed linen and heavy cotton."),
    CategorySpec(HOME, "Things for the rest of the house: light, clay and cloth."),
    CategorySpec(CANDLES, "Hand-poured soy and beeswax candles scented with essential oils."),
    CategorySpec(CERAMICS, "Stoneware and porcelain thrown by hand in small studios."),
    CategorySpec(THROWS, "Wool throws, cushions and blankets woven on traditional looms."),
]

# The closing sentence each leaf category adds to its products' descriptions.
CARE_NOTES = {
    PRESERVES: "Store in a cool cupboard; once opened, keep in the fridge and use within six weeks.",
    OILS: "Keep away from light and heat, and use within six months of opening.",
    SPICES: "Packed in a resealable tin that keeps light and damp out.",
    TEA: "Keep airtight and away from strong smells; it stays at its best for a year.",
    COOKWARE: "Suitable for gas, electric, induction and the oven.",
    TOOLS: "Wash by hand and dry straight away; oil wooden pieces now and then.",
    LINENS: "Machine washable at 40°C; softens with every wash.",
    CANDLES: "Trim the wick to 5 mm before each lighting and never leave a flame unattended.",
    CERAMICS: "Dishwasher and microwave safe. Each piece varies slightly, as handmade things do.",
    THROWS: "Dry clean or hand wash cold, and dry flat.",
}

P = ProductSpec
PRODUCTS = [
    # Preserves
    P("LL-PRE-001", "Seville Orange Marmalade", "8.50", "Thick-cut bitter Seville oranges, boiled the slow way in "
      "open pans. Sharp, dark and properly chewy on hot buttered toast.", (PRESERVES,)),
    P("LL-PRE-002", "Damson Jam", "7.25", "Wild damsons picked from old hedgerows in late September. The stones "
      "come out by hand, so the set is soft and the flavour deep.", (PRESERVES,)),
    P("LL-PRE-003", "Raw Wildflower Honey", "12.00", "Unheated, unblended honey from hives kept on hay meadows. It "
      "sets to a creamy spoonable texture within a few weeks.", (PRESERVES,)),
    P("LL-PRE-004", "Spiced Apple Chutney", "6.75", "Bramley apples, sultanas and cider vinegar with a little "
      "ginger and clove. Made for cheddar and cold pork pies.", (PRESERVES,)),
    P("LL-PRE-005", "Quince Paste", "9.00", "Membrillo cooked for hours until it turns deep amber and sliceable. "
      "Serve with Manchego or a sharp sheep's cheese.", (PRESERVES,)),
    P("LL-PRE-006", "Strawberry & Rhubarb Jam", "7.25", "Early forced rhubarb with the first English "
      "strawberries. Bright, tart and not too sweet.", (PRESERVES,)),
    P("LL-PRE-007", "Lemon Curd", "6.50", "Free-range eggs, butter and unwaxed lemons, stirred by hand over a "
      "low heat. Spoon it onto yoghurt or into a tart case.", (PRESERVES,)),
    # Oils & vinegars
    P("LL-OIL-001", "Arbequina Extra Virgin Olive Oil", "18.00", "A mild, buttery oil from a single estate in "
      "Catalonia, pressed within hours of the harvest.", (OILS,)),
    P("LL-OIL-002", "Koroneiki Olive Oil, 500 ml", "22.00", "Peppery and green from Cretan groves, with the "
      "kick at the back of the throat that good new oil should have.", (OILS,)),
    P("LL-OIL-003", "Cold-Pressed Rapeseed Oil", "9.50", "Golden oil from a farm in Herefordshire. Nutty enough "
      "for dressings and steady enough for roasting.", (OILS,)),
    P("LL-OIL-004", "Aged Balsamic Vinegar of Modena", "24.00", "Twelve years in cherry and oak barrels. Thick "
      "enough to drizzle over strawberries or Parmesan.", (OILS,)),
    P("LL-OIL-005", "Cabernet Sauvignon Vinegar", "11.00", "Made from Spanish red wine and aged in oak. "
      "Rounded and fruity, for dressings and deglazing pans.", (OILS,)),
    P("LL-OIL-006", "Toasted Sesame Oil", "8.00", "Small-batch oil from seeds roasted until deep brown. A few "
      "drops finish a noodle bowl or a plate of greens.", (OILS,)),
    P("LL-OIL-007", "Apple Cider Vinegar with the Mother", "7.50", "Unfiltered vinegar from Somerset cider "
      "apples, left cloudy and alive.", (OILS,)),
    # Spices & seasonings
    P("LL-SPI-001", "Flaky Sea Salt", "6.00", "Pyramid crystals harvested by hand from Atlantic sea water. "
      "Crumble it between your fingers over steak, tomatoes or chocolate.", (SPICES,)),
    P("LL-SPI-002", "Smoked Sweet Paprika", "5.50", "Pimentón de la Vera, smoked over oak for two weeks before "
      "milling. Sweet, rich and gently smoky.", (SPICES,)),
    P("LL-SPI-003", "Tellicherry Black Pepper", "7.00", "Large, fully ripened Malabar peppercorns with a "
      "citrus edge. Grind them fresh for the whole effect.", (SPICES,)),
    P("LL-SPI-004", "Ras el Hanout", "6.50", "Our own blend of twenty-two spices and dried rose petals. Rub it "
      "into lamb or stir it through couscous.", (SPICES,)),
    P("LL-SPI-005", "Aleppo Pepper Flakes", "6.25", "Mild, fruity chilli flakes cured with a little oil and "
      "salt. Scatter them over eggs, hummus or pizza.", (SPICES,)),
    P("LL-SPI-006", "Whole Nutmeg", "4.75", "Grenadian nutmegs still in their shells. One lasts for months of "
      "custards, béchamel and mulled wine.", (SPICES,)),
    P("LL-SPI-007", "Sumac", "5.25", "Crushed dried berries with a bright lemony sourness. Essential in "
      "fattoush and good on anything grilled.", (SPICES,)),
    # Tea & coffee
    P("LL-TEA-001", "Breakfast Blend Loose Tea", "9.00", "Assam and Ceylon leaf blended for a brisk, malty cup "
      "that takes milk well.", (TEA,)),
    P("LL-TEA-002", "First Flush Darjeeling", "16.00", "Spring-picked leaf from a single garden near Kurseong. "
      "Light, floral and best without milk.", (TEA,)),
    P("LL-TEA-003", "Hojicha Roasted Green Tea", "12.50", "Japanese green tea roasted over charcoal until "
      "toasty and low in caffeine. A good cup for the evening.", (TEA,)),
    P("LL-TEA-004", "Chamomile Flowers", "8.00", "Whole Egyptian chamomile heads, honey-scented and calming. "
      "Steep for five minutes.", (TEA,)),
    P("LL-TEA-005", "Ethiopia Yirgacheffe Coffee Beans", "15.00", "Washed beans with notes of bergamot and "
      "apricot, roasted lightly each week.", (TEA,)),
    P("LL-TEA-006", "House Espresso Beans", "13.50", "A Brazil and Colombia blend roasted for chocolate and "
      "hazelnut sweetness. Forgiving in any machine.", (TEA,)),
    P("LL-TEA-007", "Enamel Tea Caddy", "19.00", "A hand-finished enamel tin with a close-fitting lid that "
      "keeps 200 g of loose tea fresh.", (TEA, TOOLS)),
    # Cookware
    P("LL-COO-001", "Cast Iron Skillet, 26 cm", "64.00", "Pre-seasoned and heavy enough to hold its heat. It "
      "only gets better with every steak and cornbread.", (COOKWARE,)),
    P("LL-COO-002", "Enamelled Dutch Oven, 4 litre", "145.00", "A cast iron casserole with a cream enamel "
      "interior for slow braises, stews and bread.", (COOKWARE,)),
    P("LL-COO-003", "Carbon Steel Crêpe Pan", "42.00", "Thin French steel that heats fast and takes a "
      "seasoning quickly. Also good for eggs and flatbreads.", (COOKWARE,)),
    P("LL-COO-004", "Copper Saucepan, 16 cm", "120.00", "Tin-lined copper with a cast iron handle, for sauces "
      "that need a gentle, even heat.", (COOKWARE,)),
    P("LL-COO-005", "Stainless Stockpot, 8 litre", "78.00", "A tri-ply base that won't scorch, with room for "
      "stock, pasta or a winter's worth of soup.", (COOKWARE,)),
    P("LL-COO-006", "Stoneware Pie Dish", "34.00", "Deep-sided and glazed in speckled oat. Holds a family "
      "pie and comes straight to the table.", (COOKWARE, CERAMICS)),
    # Tools & utensils
    P("LL-TOO-001", "Olive Wood Spoon Set", "28.00", "Three spoons carved from pruned olive branches, each "
      "with its own grain.", (TOOLS,)),
    P("LL-TOO-002", "End-Grain Oak Chopping Board", "68.00", "A heavy board that is kind to knife edges and "
      "heals its own cuts.", (TOOLS,)),
    P("LL-TOO-003", "Japanese Petty Knife", "85.00", "A 13 cm knife in stainless-clad steel for fruit, herbs "
      "and small jobs. Sharp out of the box.", (TOOLS,)),
    P("LL-TOO-004", "Marble Pestle & Mortar", "45.00", "Unpolished white marble with enough grip to crush "
      "spices and pound pesto.", (TOOLS,)),
    P("LL-TOO-005", "Beech Honey Dipper", "6.00", "Turned from a single piece of beech. Takes honey from jar "
      "to toast without a drip.", (TOOLS, PRESERVES)),
    P("LL-TOO-006", "Brass Measuring Spoons", "24.00", "Four solid brass spoons on a ring, engraved with "
      "their measures so they never wear off.", (TOOLS,)),
    # Linens
    P("LL-LIN-001", "Washed Linen Tea Towel", "16.00", "Heavyweight Lithuanian linen that dries glasses "
      "without lint.", (LINENS, THROWS)),
    P("LL-LIN-002", "Striped Cotton Apron", "38.00", "Sturdy cotton twill with a deep front pocket and long "
      "ties that wrap round to the front.", (LINENS,)),
    P("LL-LIN-003", "Linen Napkins, Set of 4", "32.00", "Stone-washed linen in a soft sage. They look better "
      "creased than ironed.", (LINENS,)),
    P("LL-LIN-004", "Quilted Oven Gloves", "22.00", "Double gloves in thick cotton with a heat-resistant lining.",
      (LINENS,)),
    P("LL-LIN-005", "Linen Bread Bag", "18.00", "A drawstring bag that keeps a loaf's crust crisp and its crumb "
      "soft for days.", (LINENS,)),
    P("LL-LIN-006", "Beeswax Food Wraps, Set of 3", "19.50", "Organic cotton coated in beeswax, pine resin and "
      "jojoba oil. Wrap cheese, cover bowls and skip the cling film.", (LINENS, TOOLS)),
    # Candles
    P("LL-CAN-001", "Fig Leaf Candle", "32.00", "Green fig and cedarwood in a reusable amber glass jar. Burns "
      "for about 45 hours.", (CANDLES,)),
    P("LL-CAN-002", "Beeswax Pillar Candle", "18.00", "Pure beeswax from British hives, with a warm honey scent "
      "and a clean, slow burn.", (CANDLES,)),
    P("LL-CAN-003", "Smoked Cedar Candle", "34.00", "Cedar, vetiver and a curl of woodsmoke for long winter "
      "evenings.", (CANDLES,)),
    P("LL-CAN-004", "Wild Mint & Basil Candle", "28.00", "A fresh kitchen scent in a stoneware pot you can "
      "keep for herbs when the wax is gone.", (CANDLES, CERAMICS)),
    P("LL-CAN-005", "Hand-Dipped Taper Candles, Pair", "14.00", "Tall unscented tapers dipped by hand in "
      "smoke grey.", (CANDLES,)),
    P("LL-CAN-006", "Orange & Clove Candle", "30.00", "Sweet orange, clove and cinnamon bark. Smells like the "
      "week before Christmas.", (CANDLES,)),
    # Ceramics
    P("LL-CER-001", "Stoneware Mug", "24.00", "Thrown in Devon and glazed in a pooling sea green. Holds a "
      "generous 350 ml.", (CERAMICS,)),
    P("LL-CER-002", "Speckled Dinner Plate", "28.00", "A wide-rimmed 27 cm plate in oatmeal glaze with iron "
      "speckles.", (CERAMICS,)),
    P("LL-CER-003", "Porcelain Pouring Jug", "36.00", "A fine white jug with a clean-cutting spout, for milk, "
      "cream or a few stems.", (CERAMICS,)),
    P("LL-CER-004", "Stoneware Teapot", "58.00", "A round six-cup pot with a built-in strainer and a lid that "
      "stays put.", (CERAMICS, TEA)),
    P("LL-CER-005", "Stoneware Butter Dish", "32.00", "Keeps butter soft enough to spread and out of the "
      "light.", (CERAMICS,)),
    P("LL-CER-006", "Oil Cruet", "29.00", "A stoneware bottle with a cork-stoppered pourer that stops oil "
      "dripping down the side.", (CERAMICS, OILS)),
    # Throws & textiles
    P("LL-THR-001", "Merino Wool Throw", "145.00", "Woven in Wales from undyed merino in a soft herringbone. "
      "Light enough for summer evenings.", (THROWS,)),
    P("LL-THR-002", "Linen Cushion Cover", "39.00", "Washed linen in terracotta with a hidden zip. Fits a "
      "50 cm pad.", (THROWS,)),
    P("LL-THR-003", "Waffle Cotton Blanket", "89.00", "Deep waffle weave in organic cotton that traps warmth "
      "without weight.", (THROWS,)),
    P("LL-THR-004", "Striped Picnic Blanket", "75.00", "A recycled wool blanket with a waterproof backing and "
      "a leather carrying strap.", (THROWS,)),
    P("LL-THR-005", "Sheepskin Rug", "120.00", "A single natural sheepskin, tanned without chrome. Throw it "
      "over a chair or lay it by the bed.", (THROWS,)),
    P("LL-THR-006", "Jute Table Runner", "27.00", "A loosely woven runner in natural jute that brings texture "
      "to a long table.", (THROWS,)),
]


def description_for(spec: ProductSpec) -> str:
    """The product's blurb followed by the care note of its first category."""
    return f"{spec.blurb} {CARE_NOTES[spec.categories[0]]}"
