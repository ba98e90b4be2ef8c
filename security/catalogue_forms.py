"""Oscar's dashboard forms that take a picture (a product's images, a category's image),
with the upload check of security/uploads.py.

Oscar's class loader finds them through the forked dashboard app's forms module
(commerce/dashboard/catalogue/forms.py imports them), so Oscar's formsets and views use
them without being forked themselves.
"""
from oscar.apps.dashboard.catalogue import forms as oscar_forms

from .uploads import ChecksImageUploads


class ProductImageForm(ChecksImageUploads, oscar_forms.ProductImageForm):
    pass


class CategoryForm(ChecksImageUploads, oscar_forms.CategoryForm):
    pass
