"""Fill the index of featured products from every live page (content/featuring.py)."""
from django.core.management.base import BaseCommand

from content import featuring


class Command(BaseCommand):
    help = "Record which products every live page features (for pages published before the index existed)."

    def handle(self, *args, **options):
        count = featuring.rebuild()
        self.stdout.write(f"Recorded the featured products of {count} live pages.")
