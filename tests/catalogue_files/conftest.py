"""A small shop for the catalogue-file tests: the Goods type with weight and colour, two
categories, a jam in stock, and a tea towel sold in two colours (a parent and its variants)."""
import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from catalogue_files import jobs
from catalogue_files.models import ImportJob

Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

HEADER = ["sku", "parent_sku", "title", "product_type", "categories", "price", "stock", "weight", "attr:colour"]


@pytest.fixture
def shop(db, settings):
    goods = ProductClass.objects.create(name="Goods", track_stock=True, requires_shipping=True)
    weight = ProductAttribute.objects.create(product_class=goods, code="weight", name="Weight", type="float")
    colour = ProductAttribute.objects.create(product_class=goods, code="colour", name="Colour", type="text")
    preserves = create_from_breadcrumbs("Pantry > Preserves")
    create_from_breadcrumbs("Kitchen > Linen")
    partner = Partner.objects.create(name=settings.CATALOGUE_IMPORT_PARTNER)
    jam = Product.objects.create(upc="JAM-1", title="Damson jam", product_class=goods, structure="standalone")
    jam.categories.add(preserves)
    weight.save_value(jam, 0.34)
    StockRecord.objects.create(product=jam, partner=partner, partner_sku="JAM-1", price=Decimal("6.50"),
                               num_in_stock=20, price_currency="USD")
    towel = Product.objects.create(upc="TOWEL", title="Tea towel", product_class=goods, structure="parent")
    towel.categories.add(get_model("catalogue", "Category").objects.get(name="Linen"))
    for sku, name, price in [("TOWEL-RED", "Red", "12.00"), ("TOWEL-BLUE", "Blue", "12.50")]:
        child = Product.objects.create(upc=sku, parent=towel, structure="child")
        colour.save_value(child, name)
        StockRecord.objects.create(product=child, partner=partner, partner_sku=sku, price=Decimal(price),
                                   num_in_stock=5, price_currency="USD")
    return {"jam": jam, "towel": towel, "goods": goods, "partner": partner}


def csv_file(rows, header=HEADER):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_file(rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def checked(content, fmt="csv", name=None):
    """An uploaded file's job after its check (the dry run), as the Celery task runs it."""
    job = ImportJob.objects.create(file_name=name or f"upload.{fmt}", file_format=fmt, content=content)
    jobs.check(job.pk)
    job.refresh_from_db()
    return job


def imported(job):
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING)
    jobs.run_import(job.pk)
    job.refresh_from_db()
    return job


def by_row(job):
    return {r["row"]: r for r in job.rows}


def catalogue_state():
    """Everything an import could write, to show that a dry run wrote none of it."""
    return (
        sorted(Product.objects.values_list("upc", "title", "structure", "parent__upc", "product_class__name")),
        sorted(StockRecord.objects.values_list("partner_sku", "price", "num_in_stock")),
        sorted(get_model("catalogue", "ProductCategory").objects.values_list("product__upc", "category__name")),
        sorted(get_model("catalogue", "ProductAttributeValue").objects.values_list(
            "product__upc", "attribute__code", "value_text", "value_float")),
    )
