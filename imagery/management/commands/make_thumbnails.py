"""`manage.py make_thumbnails`: make every storefront size of every picture that lacks one.

Uploads queue their own sizes; this is for pictures uploaded before a size was added to
imagery/sizes.py, or a media directory restored without its `cache/` thumbnails (--force).
"""
from django.core.management.base import BaseCommand
from oscar.core.loading import get_model
from wagtail.images import get_image_model

from commandline.progress import Progress
from imagery.renditions import make_renditions
from imagery.tasks import pages_show_new_pictures
from imagery.thumbnails import make_thumbnails

ProductImage = get_model("catalogue", "ProductImage")


class Command(BaseCommand):
    help = "Make the missing thumbnails of product pictures and renditions of Wagtail images, in this process."

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=["products", "pages"], help="Only product pictures, or only Wagtail's.")
        parser.add_argument("--force", action="store_true",
                            help="Redraw product thumbnails even where sorl's store lists them (their files are gone).")

    def handle(self, *args, only=None, force=False, verbosity=1, **options):
        made = 0
        if only in (None, "products"):
            names = list(ProductImage.objects.exclude(original="").values_list("original", flat=True).distinct())
            with Progress(self.stdout, "Product pictures", len(names), enabled=verbosity > 0) as bar:
                for name in names:
                    made += make_thumbnails(name, force=force)
                    bar.advance()
        if only in (None, "pages"):
            ids = list(get_image_model().objects.values_list("pk", flat=True))
            with Progress(self.stdout, "Wagtail images", len(ids), enabled=verbosity > 0) as bar:
                for pk in ids:
                    made += make_renditions(pk)
                    bar.advance()
        if made:
            pages_show_new_pictures()
        if verbosity > 0:
            self.stdout.write(self.style.SUCCESS(f"{made} sizes made."))
