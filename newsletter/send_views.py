"""The newsletter's pages in /cms/: send (audience count, segment, now or scheduled, cancel) and test.

Composing is the snippet editor's (newsletter.wagtail_hooks). Sending needs the
"send newsletter" permission (the Marketing group, and superusers); anyone else gets 403.
A test goes only to the signed-in staff member and needs the right to edit the newsletter.
"""
from django import forms
from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from . import campaigns
from .models import Newsletter, Send
from .segments import SegmentError, audience

Category = get_model("catalogue", "Category")
SEND_PERMISSION = "newsletter.send_newsletter"


class SendForm(forms.Form):
    segment = forms.ChoiceField(choices=Send.Segment.choices, initial=Send.Segment.ALL)
    category = forms.ModelChoiceField(queryset=Category.objects.order_by("path"), required=False,
                                      help_text="For “customers who bought from a category” (its subcategories count)")
    days = forms.IntegerField(min_value=1, max_value=3650, required=False,
                              help_text="For “customers with no order in the last N days”")
    when = forms.ChoiceField(choices=[("now", "Send now"), ("later", "Schedule")], initial="now", required=False,
                             widget=forms.RadioSelect)
    send_at = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                  help_text="Shop time, for a scheduled send")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["audience"] = audience(data["segment"], category=data.get("category"), days=data.get("days"))
        except SegmentError as error:
            raise forms.ValidationError(str(error)) from None
        if data["when"] == "later" and not data.get("send_at"):
            self.add_error("send_at", "Choose when it goes out.")
        return data


def _forbidden(message):
    """A 403 that says why (Wagtail would turn PermissionDenied into a redirect to its dashboard)."""
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


NOT_MARKETING = "Only the Marketing team can send newsletters. Ask them to send this one."


def send_page(request, pk):
    if not request.user.has_perm(SEND_PERMISSION):
        return _forbidden(NOT_MARKETING)
    newsletter = get_object_or_404(Newsletter, pk=pk)
    if request.method == "POST":
        form = SendForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                send = campaigns.schedule(newsletter, segment=data["segment"], category=data.get("category"),
                                          days=data.get("days"), by=request.user,
                                          send_at=data["send_at"] if data["when"] == "later" else None)
            except campaigns.NotSendable as refused:
                form.add_error(None, str(refused))
            else:
                count = data["audience"].count()
                messages.success(request, f"Sending to {count} subscriber(s) now." if send.send_at <= send.created_at
                                 else f"Scheduled for {send.send_at:%d %b %Y %H:%M} ({count} subscriber(s) today).")
                return redirect("newsletter_send", pk=newsletter.pk)
        status = 400
    else:
        form = SendForm(request.GET or None)
        status = 200
    count = form.cleaned_data["audience"].count() if form.is_bound and form.is_valid() else None
    if not form.is_bound:
        count = audience(Send.Segment.ALL).count()
    sends = [(send, campaigns.figures(send)) for send in newsletter.sends.select_related("category", "created_by")]
    return TemplateResponse(request, "newsletter/admin/send.html", {
        "newsletter": newsletter, "form": form, "audience_count": count, "sends": sends,
        "edit_url": reverse("wagtailsnippets_newsletter_newsletter:edit", args=[newsletter.pk])}, status=status)


@require_POST
def cancel_send(request, pk):
    if not request.user.has_perm(SEND_PERMISSION):
        return _forbidden(NOT_MARKETING)
    send = get_object_or_404(Send, pk=pk)
    if campaigns.cancel(send.pk):
        messages.success(request, "The scheduled send is cancelled: nobody was mailed.")
    else:
        messages.error(request, "That send has already started or was cancelled, so it can't be cancelled now.")
    return redirect("newsletter_send", pk=send.newsletter_id)


def test_page(request, pk):
    """Send the newsletter's latest version (draft included) to the signed-in staff member only."""
    newsletter = get_object_or_404(Newsletter, pk=pk)
    if not request.user.has_perm("newsletter.change_newsletter"):
        return _forbidden("Only editors of newsletters can send a test.")
    if request.method == "POST":
        latest = newsletter.get_latest_revision_as_object() if newsletter.latest_revision_id else newsletter
        campaigns.send_test(latest, request.user)
        messages.success(request, f"A test of “{latest}” is on its way to {request.user.email}. It is marked "
                                  "[Test] and isn't counted in any send.")
        return redirect("wagtailsnippets_newsletter_newsletter:edit", newsletter.pk)
    return TemplateResponse(request, "newsletter/admin/test.html", {"newsletter": newsletter})
