"""Product pictures through sorl-thumbnail: where each size would be, which exist, and making them.

`planned` computes the name sorl's get_thumbnail would give a thumbnail, without opening
the picture; `existing` asks sorl's key-value store (its cache, then its table) about many
thumbnails in one round trip. Only `make_thumbnails`, run by a Celery task (imagery.tasks), draws;
queuing it is imagery.tasks' business, not this module's.
"""
import logging

from django.db import transaction
from sorl.thumbnail import default, get_thumbnail
from sorl.thumbnail.conf import defaults as sorl_defaults
from sorl.thumbnail.conf import settings as sorl_settings
from sorl.thumbnail.images import ImageFile, deserialize_image_file
from sorl.thumbnail.kvstores.base import add_prefix
from sorl.thumbnail.kvstores.cached_db_kvstore import EMPTY_VALUE
from sorl.thumbnail.models import KVStore

from .sizes import all_product_specs

logger = logging.getLogger(__name__)

# A thumbnail found missing is remembered as missing this long (sorl's own marker, so sorl
# agrees); making it overwrites the marker at once. Kept short so a worker that writes to
# another cache can't hide a finished thumbnail for long.
MISSING_REMEMBERED_FOR = 300


def source_name(image):
    """The stored name of a product picture: a ProductImage, its file, a name, or Oscar's missing-image dict."""
    if isinstance(image, dict):
        image = image.get("original")
    original = getattr(image, "original", image)
    return str(getattr(original, "name", original) or "")


def planned(source, geometry, options):
    """The thumbnail sorl's get_thumbnail(source, geometry, **options) returns: same name, no I/O.

    Mirrors ThumbnailBackend.get_thumbnail up to the name (tests/imagery/test_thumbnails.py
    checks the two agree), so the key-value store can be asked before anything is drawn.
    """
    backend = default.backend
    source_file = ImageFile(source)
    options = dict(options)
    if sorl_settings.THUMBNAIL_PRESERVE_FORMAT:
        options.setdefault("format", backend._get_format(source_file))
    for key, value in backend.default_options.items():
        options.setdefault(key, value)
    for key, attr in backend.extra_options:
        value = getattr(sorl_settings, attr)
        if value != getattr(sorl_defaults, attr):
            options.setdefault(key, value)
    return ImageFile(backend._get_thumbnail_filename(source_file, geometry, options), default.storage)


def existing(plans):
    """{name: ImageFile (with its size)} for those of the planned thumbnails that have been made.

    One cache get_many for all of them, and one query for any the cache doesn't know.
    """
    plans = list(plans)
    kvstore = default.kvstore
    if not hasattr(kvstore, "cache"):  # another (deprecated) sorl key-value store: ask it one by one
        return {plan.name: found for plan in plans if (found := kvstore.get(plan))}
    names = {add_prefix(plan.key): plan.name for plan in plans}
    values = kvstore.cache.get_many(list(names))
    unknown = [key for key in names if key not in values]
    if unknown:
        stored = dict(KVStore.objects.filter(key__in=unknown).values_list("key", "value"))
        if stored:
            kvstore.cache.set_many(stored, sorl_settings.THUMBNAIL_CACHE_TIMEOUT)
        kvstore.cache.set_many({key: EMPTY_VALUE for key in unknown if key not in stored}, MISSING_REMEMBERED_FOR)
        values.update(stored)
    return {names[key]: deserialize_image_file(value) for key, value in values.items()
            if value and value != EMPTY_VALUE}


def make_thumbnails(source, specs=None, *, force=False):
    """Draw every missing thumbnail of one picture (all storefront sizes unless `specs`); returns how many.

    `force` forgets the thumbnails first (their files too), for pictures whose thumbnail
    files are gone while sorl's store still lists them.
    """
    specs = [(geometry, dict(options)) for geometry, options in (specs or all_product_specs())]
    if not default.storage.exists(source):
        logger.warning("No thumbnails for %s: the picture is not in storage", source)
        return 0
    made = 0
    with transaction.atomic():  # sorl writes its store row by row: one commit per picture, not a dozen
        if force:
            default.kvstore.delete(ImageFile(source))  # also deletes the thumbnail files it knew
        known = existing(planned(source, geometry, options) for geometry, options in specs)
        for geometry, options in specs:
            if planned(source, geometry, options).name not in known:
                get_thumbnail(source, geometry, **options)
                made += 1
    return made
