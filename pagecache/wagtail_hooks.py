"""A content page notes itself and its ancestors (its breadcrumbs show them) as it is served."""
from wagtail import hooks

from . import labels


@hooks.register("before_serve_page")
def note_the_page(page, request, serve_args, serve_kwargs):
    labels.note(*labels.page_and_ancestors(page.path, page.steplen))
