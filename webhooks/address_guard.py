"""Only public addresses: an endpoint URL may not point the shop's servers at its own network.

A merchandiser's URL is fetched by our workers, which sit beside the database, Redis and
the cloud's metadata service. So a URL is refused unless it is http(s) and *every* address
its host resolves to is public (not loopback, private, link-local, multicast, reserved,
unspecified or otherwise non-global). The caller then connects to one of the addresses
checked here, never to the name again, so DNS can't answer differently between the check
and the connection. settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS lists hosts, addresses and
networks (CIDR) that are allowed all the same (a receiver inside the shop's network; tests).
"""
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = {"http": 80, "https": 443}


class UnsafeURL(ValueError):
    """The URL is not one the shop will call; the message says why, for the merchandiser."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written in the URL (for the Host header and the TLS certificate)
    port: int
    path: str  # path and query, at least "/"
    addresses: tuple  # the checked IP addresses, to connect to

    @property
    def host_header(self):
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == SCHEMES[self.scheme] else f"{host}:{self.port}"


def check_url(url, resolve=socket.getaddrinfo):
    """The URL's checked target, or UnsafeURL saying what is wrong with it."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL(f"This is not a valid URL ({exc}).") from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UnsafeURL("Only http:// and https:// URLs can receive webhooks.")
    if not parts.hostname:
        raise UnsafeURL("The URL needs a host name.")
    if parts.username or parts.password:
        raise UnsafeURL("Put no user name or password in the URL; the signature proves the request is ours.")
    host, port = parts.hostname, port or SCHEMES[scheme]
    try:
        found = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"The host {host} could not be found.") from exc
    addresses = tuple(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in found))
    if not addresses:
        raise UnsafeURL(f"The host {host} could not be found.")
    allowed = _allowed(host)
    for address in addresses:
        reason = non_public(address)
        if reason and not allowed(address):
            raise UnsafeURL(f"{host} resolves to {address}, {reason}: webhooks go to public addresses only.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, host, port, path, tuple(str(a) for a in addresses))


def non_public(address):
    """Why the address is not a public one ("a loopback address"), or "" if it is."""
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    # Most specific first: Python counts link-local, reserved and unspecified as private too.
    for kind, test in (("a loopback address", "is_loopback"), ("a link-local address", "is_link_local"),
                       ("a multicast address", "is_multicast"), ("the unspecified address", "is_unspecified"),
                       ("a reserved address", "is_reserved"), ("a private address", "is_private")):
        if getattr(address, test):
            return kind
    if not address.is_global:  # shared (carrier-grade NAT) space and other special ranges
        return "not a public address"
    return ""


def _allowed(host):
    """A test of an address against WEBHOOKS_ALLOWED_PRIVATE_HOSTS, for this host."""
    names, networks = set(), []
    for entry in settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS:
        entry = entry.strip().lower()
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry.rstrip("."))
    if host.lower().rstrip(".") in names:
        return lambda address: True
    return lambda address: any(address.version == n.version and address in n for n in networks)
