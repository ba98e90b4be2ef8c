"""Footer contact details and links, edited under Settings in /cms/ (one set per Wagtail site)."""
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(required=False, max_length=300, help_text="Used when no page is chosen")

    class Meta:
        icon = "link"


@register_setting(icon="list-ul")
class SiteFooter(BaseSiteSetting):
    """What the footer of every page shows: how to reach the shop and a column of links."""

    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    opening_hours = models.CharField(max_length=120, blank=True)
    links = StreamField([("link", FooterLinkBlock())], blank=True, use_json_field=True)

    panels = [
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone"), FieldPanel("address"),
                         FieldPanel("opening_hours")], "Contact details"),
        FieldPanel("links"),
    ]

    class Meta:
        verbose_name = "Site footer"
