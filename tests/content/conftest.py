"""Fixtures only the content tests use: a picture, a stored video embed, a signed-in editor."""
import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image

from tests.factories import VIDEO_URL


@pytest.fixture
def picture(db):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#2f5d50").save(buffer, "PNG")
    return Image.objects.create(title="Green square", file=ImageFile(buffer, name="green.png"))


@pytest.fixture
def stored_embed(db):
    """The oEmbed answer for VIDEO_URL, stored as Wagtail's embed cache, so rendering needs no network."""
    return Embed.objects.create(url=VIDEO_URL, max_width=960, hash=get_embed_hash(VIDEO_URL, 960, None),
                                type="video", html='<iframe title="Marmalade day" src="https://example.com/v"></iframe>',
                                title="Marmalade day", provider_name="YouTube")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
