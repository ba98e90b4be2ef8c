"""Every URL pattern of the site as a concrete path: walks the resolver (Wagtail admin,
Oscar storefront and dashboard, reports, payments …) and fills each parameter with a
sample value its converter or regex accepts."""
import re
from re import _constants as _c
from re import _parser

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
CLASS_CANDIDATES = "a1-_xZ0.:="


def _class_char(items):
    for char in CLASS_CANDIDATES:
        if re.fullmatch(_class_regex(items), char):
            return char
    raise ValueError(f"no character for {items!r}")


def _class_regex(items):
    return "[" + "".join(_class_item(op, av) for op, av in items) + "]"


def _class_item(op, av):
    if op is _c.LITERAL:
        return re.escape(chr(av))
    if op is _c.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    if op is _c.CATEGORY:
        return {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_SPACE: r"\s",
                _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_NOT_WORD: r"\W"}[av]
    if op is _c.NEGATE:
        return "^"
    raise ValueError(op)


def _generate(tree):
    """The shortest plain string a parsed regex matches (one repetition where one is needed)."""
    out = []
    for op, av in tree:
        if op is _c.LITERAL:
            out.append(chr(av))
        elif op is _c.NOT_LITERAL or op is _c.ANY:
            out.append("a" if av != ord("a") else "b")
        elif op is _c.IN:
            out.append(_class_char(av))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, high, sub = av
            out.append(_generate(sub) * (low or (0 if high == 1 else 1)))  # "?" omitted, "*"/"+" once
        elif op is _c.SUBPATTERN:
            out.append(_generate(av[-1]))
        elif op is _c.BRANCH:
            out.append(_generate(av[1][0]))
        elif op is _c.CATEGORY:
            out.append("1" if av is _c.CATEGORY_DIGIT else "a")
        # AT (anchors) add nothing
    return "".join(out)


def _from_regex(pattern):
    return _generate(_parser.parse(pattern._regex))


def _from_route(pattern):
    converters = pattern.converters

    def fill(match):
        return _generate(_parser.parse(converters[match.group("name")].regex))

    return ROUTE_PARAM.sub(fill, str(pattern._route))


def sample_path(pattern):
    if isinstance(pattern, RoutePattern):
        return _from_route(pattern)
    if isinstance(pattern, RegexPattern):
        return _from_regex(pattern)
    return str(pattern)  # LocalePrefixPattern and friends are plain text


def every_pattern(resolver=None, prefix="/"):
    """Yield (path, URLPattern) for every view the site routes to."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        path = prefix + sample_path(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from every_pattern(entry, path)
        elif isinstance(entry, URLPattern):
            yield path, entry
