"""Every size a storefront template shows a picture at, in one place.

Product pictures (sorl-thumbnail) and Wagtail pictures (renditions) are made in all of
these sizes once, after upload; the `product_image` and `page_image` tags only look them
up. Adding a width here needs `manage.py make_thumbnails` once, for pictures uploaded
before the change.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class ProductImageUse:
    """A place a product picture appears, made by sorl-thumbnail at each width."""

    widths: tuple[int, ...]
    default_width: int  # `src` for browsers without srcset, and the width/height attributes
    sizes: str  # how wide the picture is drawn, for the browser's choice from srcset
    square: bool  # crop to a square (cards, basket lines); otherwise keep the picture's shape

    def geometry(self, width):
        return f"{width}x{width}" if self.square else str(width)

    def options(self):
        # Never enlarge: a 480-pixel original stays 480 pixels, and srcset says so.
        return {"crop": "center", "upscale": False} if self.square else {"upscale": False}

    def specs(self):
        """(geometry, options) per width, as sorl's get_thumbnail takes them."""
        return [(self.geometry(width), self.options()) for width in self.widths]


@dataclass(frozen=True)
class PageImageUse:
    """A place a Wagtail picture appears, made as renditions at each width."""

    widths: tuple[int, ...]
    default_width: int
    sizes: str
    ratio: tuple[int, int] | None = None  # crop to width:height (Wagtail's fill, focal point kept)

    def filter_spec(self, width):
        if self.ratio is None:
            return f"width-{width}"
        w, h = self.ratio
        return f"fill-{width}x{round(width * h / w)}"

    def filter_specs(self):
        return [self.filter_spec(width) for width in self.widths]


# Cards sit in a grid of columns at least 13.5rem wide (two columns on phones).
PRODUCT_IMAGE_USES = {
    "card": ProductImageUse(widths=(200, 400, 800), default_width=400, square=True,
                            sizes="(max-width: 767.98px) 50vw, 20rem"),
    "product": ProductImageUse(widths=(600, 1200), default_width=600, square=False,
                               sizes="(min-width: 1200px) 555px, (min-width: 576px) 50vw, 100vw"),
    "basket": ProductImageUse(widths=(100, 200), default_width=100, square=True, sizes="100px"),
}

PAGE_IMAGE_USES = {
    "hero": PageImageUse(widths=(400, 800, 1200), default_width=800, ratio=(4, 3),
                         sizes="(max-width: 991.98px) 100vw, 50vw"),
    "banner": PageImageUse(widths=(600, 1200, 1800), default_width=1200, ratio=(3, 1),
                           sizes="(min-width: 1200px) 1140px, 100vw"),
    "wide": PageImageUse(widths=(400, 800, 1200), default_width=1200,
                         sizes="(min-width: 1200px) 1140px, 100vw"),
    # The Open Graph picture of a page (content_tags.seo_meta asks Wagtail for fill-1200x630).
    "share": PageImageUse(widths=(1200,), default_width=1200, ratio=(40, 21), sizes="1200px"),
    # Pictures in body text keep its 44rem measure (.prose > figure); same renditions as "wide".
    "figure": PageImageUse(widths=(400, 800, 1200), default_width=800, sizes="(min-width: 44rem) 44rem, 100vw"),
}


def all_product_specs():
    """Every (geometry, options) a product picture is made in, without repeats."""
    seen = {}
    for use in PRODUCT_IMAGE_USES.values():
        for geometry, options in use.specs():
            seen[(geometry, tuple(sorted(options.items())))] = (geometry, options)
    return list(seen.values())


def all_page_filter_specs():
    return sorted({spec for use in PAGE_IMAGE_USES.values() for spec in use.filter_specs()})
