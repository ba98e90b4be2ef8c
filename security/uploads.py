"""Image uploads: only real JPEG, PNG, GIF or WebP pictures, at most IMAGE_UPLOAD_MAX_BYTES.

SVG is refused everywhere: it is a document that can carry script, and a browser that
opens /media/…svg runs it on our origin. Wagtail checks its own uploads by extension and
content (WAGTAILIMAGES_EXTENSIONS, WAGTAILIMAGES_MAX_UPLOAD_SIZE in settings); Oscar's
product and category images get the same rules here, on the dashboard forms that accept
them (security/catalogue_forms.py), so the message shows beside the field. The check sits
on the forms, not on Oscar's model fields: a validator added to an unforked model field
would make `makemigrations` want a migration inside the installed Oscar package.
"""
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

EXTENSIONS_BY_FORMAT = {"JPEG": {"jpg", "jpeg"}, "PNG": {"png"}, "GIF": {"gif"}, "WEBP": {"webp"}}
ALLOWED = "a JPEG, PNG, GIF or WebP picture"


def validate_image_upload(file):
    if getattr(file, "_committed", False):
        return  # a file already stored was checked when it was uploaded
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(f"This image is {filesizeformat(file.size)}; the limit is {filesizeformat(limit)}.")
    extension = Path(file.name or "").suffix.lower().lstrip(".")
    if not any(extension in names for names in EXTENSIONS_BY_FORMAT.values()):
        raise ValidationError(f"“.{extension}” files can’t be uploaded here: choose {ALLOWED}.")
    start = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as picture:
            found = picture.format
    except (UnidentifiedImageError, OSError, ValueError):
        found = None
    finally:
        file.seek(start)
    if extension not in EXTENSIONS_BY_FORMAT.get(found, ()):
        raise ValidationError(f"This file is not {ALLOWED} (or its name doesn’t match what it contains).")


class ChecksImageUploads:
    """Form mixin: every picture field of the form refuses what validate_image_upload refuses.

    Form field validators run only on a newly uploaded file, so a form saved again with
    its stored picture untouched is not checked a second time.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ImageField) and validate_image_upload not in field.validators:
                field.validators = [*field.validators, validate_image_upload]
