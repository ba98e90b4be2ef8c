"""The client's address, for lockouts and rate limits.

Behind a reverse proxy every request comes from the proxy, so X-Forwarded-For is read,
but only as many hops as settings.TRUSTED_PROXY_COUNT says we run: a client can put
anything at the start of that header, only the entries our own proxies appended are true.
"""
from django.conf import settings


def client_ip(request):
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR", "")


def axes_client_ip(request, *args):
    """django-axes' AXES_CLIENT_IP_CALLABLE hook. None, not "", when unknown (a request built
    in code, e.g. force_login): axes stores it in an IP-address column."""
    return client_ip(request) or None
