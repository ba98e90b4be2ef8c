"""Wagtail pictures: every rendition the page templates use, made after upload, only looked up on view.

Wagtail's own {% image %} and {% srcset_image %} draw a missing rendition during the
request; `page_picture` instead shows the largest rendition already made (or the
original) and queues the rest.
"""
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from .pictures import Picture, from_sizes
from .queueing import queue_once
from .sizes import PAGE_IMAGE_USES, all_page_filter_specs


def page_picture(image, use_name):
    """The Picture for a Wagtail image in one of PAGE_IMAGE_USES, from renditions already made."""
    use = PAGE_IMAGE_USES[use_name]
    filters = {width: Filter(spec=use.filter_spec(width)) for width in use.widths}
    found = image.find_existing_renditions(*filters.values())  # Wagtail's cache, then one query
    made = {width: found[f] for width, f in filters.items() if f in found}
    if len(made) < len(filters):
        queue_renditions(image.pk)
    if not made:
        return Picture(src=image.file.url, width=image.width, height=image.height, complete=False)
    return from_sizes(made, use)


def queue_renditions(image_id, *, always=False):
    """Have a worker make every page rendition of one Wagtail image after this transaction commits."""
    def send():
        from .tasks import make_page_image_renditions

        make_page_image_renditions.delay(image_id)

    return queue_once(f"imagery:renditions-queued:{image_id}", send, always=always,
                      what=f"renditions for image {image_id}")


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
