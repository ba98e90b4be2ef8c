"""The demo catalogue comes with every thumbnail made, and gets them back when media/ is wiped."""
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from oscar.core.loading import get_model
from sorl.thumbnail import default

from commerce.demo.catalogue import load_catalogue, restore_missing_image_files
from imagery.sizes import all_product_specs
from imagery.thumbnails import existing, planned

ProductImage = get_model("catalogue", "ProductImage")
pytestmark = pytest.mark.django_db


def missing_sizes():
    """Thumbnail names of demo pictures that sorl's store doesn't list or whose file is gone."""
    plans = [planned(name, geometry, options)
             for name in ProductImage.objects.values_list("original", flat=True)
             for geometry, options in all_product_specs()]
    made = existing(plans)
    return [plan.name for plan in plans if plan.name not in made or not default.storage.exists(plan.name)]


def test_the_demo_catalogue_has_every_thumbnail_and_gets_them_back_after_media_is_wiped(committed):
    with committed():  # as the command runs: its transaction commits, then the (eager) worker draws
        load_catalogue(StringIO(), verbose=False)
    assert ProductImage.objects.count() >= 60
    assert missing_sizes() == []

    shutil.rmtree(Path(settings.MEDIA_ROOT))
    with committed():
        assert restore_missing_image_files() == ProductImage.objects.count()
    assert missing_sizes() == []
