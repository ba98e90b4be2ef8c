"""`preview_moment` in every template: the moment this staff member previews, or None.

Per viewer: never read inside a shared fragment (pagecache/viewerless.py refuses it).
"""


def preview_moment(request):
    return {"preview_moment": getattr(request, "preview_moment", None)}
