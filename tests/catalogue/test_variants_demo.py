"""The demo store sells products in versions (sizes, scents, colours), and weighs everything."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from oscar.core.loading import get_model

from commerce.demo import variants_data

from .test_demo_store import counts, demo_store, store  # noqa: F401, F811  the module-built store

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
StockRecord = get_model("partner", "StockRecord")


def test_linens_candles_and_throws_come_in_versions(store):  # noqa: F811  the imported fixture
    parents = Product.objects.filter(structure=Product.PARENT, is_public=True).annotate(n=Count("children"))
    titles = {p.title: p.n for p in parents}
    assert titles["Washed Linen Tablecloth"] == 3 and titles["Soy Jar Candle"] == 3
    assert titles["Lambswool Throw"] == 4
    throw = parents.get(title="Lambswool Throw")
    colours = sorted(c.attr.colour for c in throw.children.all())
    assert colours == ["Charcoal", "Forest green", "Oatmeal", "Rust"]
    charcoal = throw.children.get(upc="LL-THR-101-CH")
    assert charcoal.attr.material == "Lambswool"
    assert charcoal.stockrecords.get().price == 120 and throw.children.get(upc="LL-THR-101-RU").stockrecords.get(
    ).price == 110
    assert charcoal.images.exists() and not charcoal.categories.exists()
    assert StockRecord.objects.filter(product__parent__isnull=False, num_in_stock=0).exists()


def test_every_product_and_child_has_a_weight_in_kg(store):  # noqa: F811  the imported fixture
    sellable = Product.objects.exclude(structure=Product.PARENT)
    weighed = ProductAttributeValue.objects.filter(attribute__code="weight", value_float__gt=0)
    assert sellable.count() == 64 + len(variants_data.all_variants())
    assert weighed.filter(product__in=sellable).count() == sellable.count()
    assert Product.objects.get(upc="LL-COO-002").attr.weight == 5.5


def test_an_older_store_gains_variants_and_weights_then_stays_put(store):  # noqa: F811  the imported fixture
    ProductAttributeValue.objects.filter(attribute__code="weight").delete()
    Product.objects.filter(upc__in=[p.sku for p in variants_data.PARENTS]).delete()
    call_command("load_demo_store", stdout=StringIO())
    assert Product.objects.filter(structure=Product.PARENT).count() == len(variants_data.PARENTS)
    assert ProductAttributeValue.objects.filter(attribute__code="weight").count() == 64 + len(
        variants_data.all_variants())
    before = counts()
    out = StringIO()
    call_command("load_demo_store", stdout=out)
    assert counts() == before
    assert "Variants and weights" in out.getvalue()
