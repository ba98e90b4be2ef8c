"""Who may preview, and where their chosen moment is kept (their own session).

Editors (Wagtail admin access) preview content, merchandisers (staff) preview offers;
shoppers may not. The moment is stored as an ISO date-time string; a session whose
owner has lost the right to preview, or whose value can't be read, simply previews
nothing.
"""
import datetime

SESSION_KEY = "preview_moment"


def may_preview(user):
    return bool(user and user.is_authenticated and user.is_active
                and (user.is_staff or user.has_perm("wagtailadmin.access_admin")))


def chosen_moment(request):
    """The moment kept in this visitor's session, or None."""
    session = getattr(request, "session", None)
    value = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def choose(request, moment):
    request.session[SESSION_KEY] = moment.isoformat()


def leave(request):
    request.session.pop(SESSION_KEY, None)
