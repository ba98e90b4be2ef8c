"""What an <img> shows for a picture in one of its uses, from the sizes already made.

Product pictures are sorl thumbnails, Wagtail pictures renditions. A use whose sizes are
all made gets src, srcset (one candidate per real width: a small original is never
enlarged, so several sizes can share a width) and width/height. While some are missing it
shows the largest made so far, or the original, and the missing sizes are queued
(imagery.tasks); nothing is drawn here.
"""
from dataclasses import dataclass

from django.forms.utils import flatatt
from django.utils.html import format_html
from sorl.thumbnail.images import ImageFile
from wagtail.images.models import Filter

from .sizes import PAGE_IMAGE_USES, PRODUCT_IMAGE_USES
from .tasks import queue_renditions, queue_thumbnails
from .thumbnails import existing, planned


@dataclass(frozen=True)
class Picture:
    src: str
    srcset: str = ""
    sizes: str = ""
    width: int | None = None
    height: int | None = None
    complete: bool = True  # every size of the use is made

    def img(self, **attrs):
        """The <img> element; `attrs` (alt, class, loading, …) win over the defaults."""
        values = {"src": self.src, "srcset": self.srcset or None, "sizes": (self.sizes if self.srcset else None),
                  "width": self.width, "height": self.height, "alt": "", "loading": "lazy", "decoding": "async"}
        values.update({key.replace("_", "-"): value for key, value in attrs.items()})
        return format_html("<img{}>", flatatt({key: value for key, value in values.items() if value is not None}))


def product_pictures(requests):
    """{(source name, use name): Picture} for many (source name, use name) pairs at once.

    One key-value store look-up for all of them (see thumbnails.existing); each picture with
    a size missing is queued once.
    """
    requests = list(dict.fromkeys((source, use) for source, use in requests if source))
    plans = {(source, use, width): planned(source, geometry, options)
             for source, use in requests
             for width, (geometry, options) in zip(PRODUCT_IMAGE_USES[use].widths, PRODUCT_IMAGE_USES[use].specs(),
                                                   strict=True)}
    found = existing(plans.values())
    pictures = {}
    for source, use_name in requests:
        use = PRODUCT_IMAGE_USES[use_name]
        made = {width: found[plans[source, use_name, width].name] for width in use.widths
                if plans[source, use_name, width].name in found}
        pictures[source, use_name] = _picture(source, use, made)
    for source in {source for (source, _), picture in pictures.items() if not picture.complete}:
        queue_thumbnails(source)  # every use at once: one task per picture
    return pictures


def page_picture(image, use_name):
    """The Picture for a Wagtail image in one of PAGE_IMAGE_USES, from renditions already made.

    Unlike Wagtail's {% image %}, a missing rendition is queued, not drawn in the request.
    """
    use = PAGE_IMAGE_USES[use_name]
    filters = {width: Filter(spec=use.filter_spec(width)) for width in use.widths}
    found = image.find_existing_renditions(*filters.values())  # Wagtail's cache, then one query
    made = {width: found[f] for width, f in filters.items() if f in found}
    if len(made) < len(filters):
        queue_renditions(image.pk)
    if not made:
        return Picture(src=image.file.url, width=image.width, height=image.height, complete=False)
    return from_sizes(made, use)


def _picture(source, use, made):
    """`made`: {nominal width: thumbnail ImageFile} for the sizes of `use` that exist."""
    if not made:
        side = use.default_width if use.square else None  # a square crop's shape is known before it's made
        return Picture(src=ImageFile(source).url, width=side, height=side, complete=False)
    return from_sizes(made, use)


def from_sizes(made, use):
    """The Picture from `made` ({nominal width: anything with url, width, height}), for a use of sizes.py.

    `src` is the largest size up to the use's default width; srcset lists one candidate per
    real width.
    """
    by_real_width = {}
    for nominal in sorted(made):
        by_real_width.setdefault(made[nominal].width, made[nominal])
    fitting = [nominal for nominal in sorted(made) if nominal <= use.default_width]
    shown = made[fitting[-1] if fitting else min(made)]
    srcset = ", ".join(f"{made_size.url} {width}w" for width, made_size in sorted(by_real_width.items()))
    return Picture(src=shown.url, srcset=srcset if len(by_real_width) > 1 else "", sizes=use.sizes,
                   width=shown.width, height=shown.height, complete=len(made) == len(use.widths))
