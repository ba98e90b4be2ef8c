"""Which version of a product a basket or order line holds, as the shopper chose it.

A child product differs from its siblings by its attribute values (size, scent, colour,
material); those are what the shopper picked, so lines, pages and emails name them
("Size: Large"). Weight is left out: delivery reads it, the shopper didn't choose it.
"""
NOT_CHOSEN = {"weight"}


def chosen_attributes(product):
    """[(name, value)] of a child product's attributes; [] for a product sold in one version."""
    if product is None or not product.is_child:
        return []
    values = sorted(product.attribute_values.select_related("attribute"), key=lambda v: (v.attribute.name, v.pk))
    return [(v.attribute.name, v.value_as_text) for v in values if v.attribute.code not in NOT_CHOSEN]


def chosen_summary(product):
    """The chosen attributes on one line ("Colour: Rust, Material: Lambswool")."""
    return ", ".join(f"{name}: {value}" for name, value in chosen_attributes(product))


def variant_name(product):
    """"Linen apron (Size: Large)": a version's own title is usually its parent's, its attributes tell it apart."""
    summary = chosen_summary(product)
    return f"{product.get_title()} ({summary})" if summary else product.get_title()
