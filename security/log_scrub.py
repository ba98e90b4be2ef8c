"""A logging filter that keeps secrets and customer details out of log records.

Logs go to places with looser access than the database (log shippers, terminals, bug
reports), so passwords, card numbers, tokens and street addresses are replaced with
"[redacted]" before any handler formats the record: in `key=value` / `"key": "value"`
text, in dicts passed as arguments or as `extra`, and card-like digit runs anywhere.

A quoted value runs to the quote character that opened it, skipping backslash-escaped
quotes (`"a\"b"`) and quotes inside a word (`'it's'`); an unquoted one to the next
delimiter (`, ; & } ]`, a newline or the next `key=`).

Email addresses are personal data, so every one in the log text (plain, or `%40`-encoded
in a query string) keeps only its domain: `ada+orders@Mail.Example.com` is logged as
`***@mail.example.com`. Investigators can still see which provider an abusive run of
sign-ups comes from without the log naming anyone.
"""
import logging
import re

REDACTED = "[redacted]"
SENSITIVE_KEYS = (
    "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "authorization", "cookie", "sessionid",
    "csrfmiddlewaretoken", "card", "card_number", "cvc", "cvv", "exp_month", "exp_year", "iban",
    "line1", "line2", "line3", "line4", "street", "address", "postcode", "zip", "phone", "phone_number",
)
NOT_SENSITIVE = {"ip_address", "remote_addr", "email_address"}  # needed to investigate abuse
_KEYS = "|".join(sorted(SENSITIVE_KEYS, key=len, reverse=True)).replace("address", "(?<!ip_)(?<!email_)address")
# key=value (up to the next delimiter or key), key: value, "key": "value";
# the key may carry a prefix or suffix (login-password, card_number). A quoted value ends
# at its own quote character, unescaped and not followed by a letter or digit (the
# apostrophe in "it's" does not end 'it's secret'); with no closing quote, at the end.
#
# Linear in the length of the line, however long its words or runs of spaces: the key is
# looked for once per word (from the word's start), and a run of spaces inside an unquoted
# value is taken whole. (Letting the engine retry every start inside a long word made a
# 4 KB "Not Found: /aaa…" line cost seconds of CPU.)
KEY_VALUE = re.compile(
    rf"""(?P<key>(?<![\w-])(?=[\w-]*?(?:{_KEYS}))[\w-]++["']?\s*[:=]\s*+)(?!\[redacted\])"""
    r"""(?:(?P<quote>["'])(?:\\[\s\S]|(?!(?P=quote))[^\\]|(?P=quote)(?=\w))*"""
    r"""|(?:[^\s,;&}\]]|[^\S\n]++(?![\w-]++\s*+[=:]))+)""",
    re.IGNORECASE,
)
# The local part (before @, or %40 when url-encoded) goes, the domain stays, lowercased.
EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+(?:@|%40)(?P<domain>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?![\w-])",
    re.IGNORECASE,
)
CARD_NUMBER = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
BEARER = re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
API_KEY = re.compile(r"\b(?:sk|rk|pk|whsec)_(?:live|test)?_?[A-Za-z0-9]{8,}\b")


def _luhn_ok(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _card(match):
    digits = re.sub(r"\D", "", match.group(0))
    return REDACTED if _luhn_ok(digits) else match.group(0)


def scrub_text(text):
    text = BEARER.sub(REDACTED, text)
    text = KEY_VALUE.sub(lambda m: f"{m.group('key')}{m.group('quote') or ''}{REDACTED}", text)
    text = API_KEY.sub(REDACTED, text)
    text = EMAIL.sub(lambda m: f"***@{m.group('domain').lower()}", text)
    return CARD_NUMBER.sub(_card, text)


def _is_sensitive(key):
    key = str(key).lower()
    return key not in NOT_SENSITIVE and any(word in key for word in SENSITIVE_KEYS)


def scrub_value(value):
    if isinstance(value, dict):
        return {scrub_value(k): REDACTED if _is_sensitive(k) else scrub_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(scrub_value(v) for v in value)
    if isinstance(value, str):
        return scrub_text(value)
    return value


class ScrubSensitiveData(logging.Filter):
    def filter(self, record):
        try:
            message = str(record.msg) % scrub_value(record.args) if record.args else str(record.msg)
        except (TypeError, ValueError, KeyError):  # a malformed record is still logged, uninterpolated
            message = str(record.msg)
        record.msg, record.args = scrub_text(str(message)), None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS:
                setattr(record, key, REDACTED if _is_sensitive(key) else scrub_value(value))
        return True


_STANDARD_ATTRS = set(vars(logging.LogRecord("x", logging.INFO, "x", 0, "", None, None))) | {"message", "asctime"}
