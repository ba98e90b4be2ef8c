"""Whole-page caching of the storefront for anonymous visitors.

Anonymous home, category, product, blog and promotion pages are served from the shared
cache; anything that differs per visitor (basket count, CSRF token) is filled in by a
small uncached endpoint. Any catalogue, stock, offer or content change empties the cache
at commit, so a new price or a sold-out product shows on the next request.
"""
