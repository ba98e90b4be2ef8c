"""`instrument`: one recipient's HTML with tracked links and an open pixel, when the address allows it.

It runs once per recipient (50,000 for a large send), so it rewrites in one pass of a
compiled tokenizer rather than parsing a tree: comments (Outlook's conditional blocks too),
<script> and <style> pass through untouched, and in each <a> tag only the href value
changes; every other byte of the email stays as written. Links that stay direct: anything
not http(s) (mailto:, tel:, #anchors), the shop's own /newsletter/ links (unsubscribe and
preferences must work without us in between), and links already tracked.
"""
import html as entities
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from newsletter.preferences import allows

from . import tokens

_ATTRIBUTE = r"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?"""
_DOCUMENT = re.compile(
    r"(?P<skip><!--.*?-->|<(?P<raw>script|style)\b.*?</(?P=raw)\s*>)"
    rf"|(?P<tag><a(?:{_ATTRIBUTE})*\s*/?>)",
    re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"""(?P<lead>\shref\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""",
                   re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


def _base():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _direct_prefixes():
    """Our own addresses that must never go through the redirect: the links that change what an
    address receives, and tracked links themselves. A newsletter's add-to-basket links are
    tracked, like any other, so what they add is the send's."""
    base = _base()
    names = ("newsletter:unsubscribe", "newsletter:manage", "newsletter:confirm", "email_tracking:click")
    return tuple(f"{base}{reverse(name, args=['x']).rsplit('x', 1)[0]}" for name in names)


def _tracked(url, direct):
    if not url.lower().startswith(("http://", "https://")) or url.startswith(direct):
        return False
    return bool(urlsplit(url).netloc)


def instrument(html, *, key, email):
    """`html` with each web link through a signed click redirect and a 1×1 open pixel, for the
    email `key` to `email`; unchanged when the address refused tracking."""
    if not allows(email, "tracking"):
        return html
    base, direct, click_path = _base(), _direct_prefixes(), tokens.click_paths(key)

    def link(match):
        value = match["dq"] if match["dq"] is not None else match["sq"] if match["sq"] is not None else match["bare"]
        url = entities.unescape(value).strip()
        if not _tracked(url, direct):
            return match[0]
        return f'{match["lead"]}"{base}{click_path(url)}"'

    def rewrite(match):
        if match["tag"] is None:
            return match[0]
        return _HREF.sub(link, match["tag"], count=1)

    tracked = _DOCUMENT.sub(rewrite, html)
    pixel = (f'<img src="{base}{tokens.open_path(key)}" width="1" height="1" alt="" '
             'style="display:block;width:1px;height:1px;border:0">')
    ends = list(_BODY_END.finditer(tracked))
    if not ends:
        return tracked + pixel
    at = ends[-1].start()
    return tracked[:at] + pixel + tracked[at:]
