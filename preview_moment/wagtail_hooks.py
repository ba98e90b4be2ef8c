"""Wagtail's side of previewing: pages served as at the moment, and the control in the admin menu."""
from django.http import Http404
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .clock import previewed_moment
from .pages import page_at


@hooks.register("on_serve_page")
def serve_as_at_the_previewed_moment(next_serve):
    def serve_page(page, request, args, kwargs):
        moment = previewed_moment()
        if moment is not None:
            page = page_at(page, moment)
            if page is None:
                raise Http404("This page will not be live at the previewed moment.")
        return next_serve(page, request, args, kwargs)
    return serve_page


@hooks.register("register_admin_menu_item")
def preview_menu_item():
    return MenuItem("Preview the shop at…", reverse("preview-moment:choose"), icon_name="time", order=900)
