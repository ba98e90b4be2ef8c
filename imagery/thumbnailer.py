"""Oscar's {% oscar_thumbnail %} (checkout, wish lists, dashboard: templates we don't override) without
drawing in the request: a thumbnail not made yet shows the original and is queued.

Set as OSCAR_THUMBNAILER. Our own templates use {% product_image %} instead (srcset, batching).
"""
from oscar.core.thumbnails import SorlThumbnail
from sorl.thumbnail import default
from sorl.thumbnail.images import ImageFile

from .tasks import queue_thumbnails
from .thumbnails import planned, source_name


class BackgroundThumbnailer(SorlThumbnail):
    def generate_thumbnail(self, source, **opts):
        size = opts.pop("size")
        width, height = size.split("x")
        geometry = size if height else width  # sorl takes "WxH", "W" or "xH" (as Oscar's SorlThumbnail)
        name = source_name(source)
        made = default.kvstore.get(planned(name, geometry, opts))
        if made:
            return made
        queue_thumbnails(name, [(geometry, opts)])
        return ImageFile(source if hasattr(source, "storage") else name)
