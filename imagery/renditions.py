"""Wagtail pictures: making every rendition the page templates use, run by a Celery task after upload.

Pages only look renditions up (imagery.pictures.page_picture); Wagtail's own {% image %}
and {% srcset_image %} would draw a missing one during the request.
"""
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from .sizes import all_page_filter_specs


def make_renditions(image_id):
    """Make the page renditions of one Wagtail image that don't exist yet; returns how many were missing."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    filters = [Filter(spec=spec) for spec in all_page_filter_specs()]
    missing = len(filters) - len(image.find_existing_renditions(*filters))
    if missing:
        image.get_renditions(*filters)  # creates only the missing ones, all from one read of the file
    return missing
