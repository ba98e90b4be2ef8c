"""Site search and catalogue browsing.

This app *is* Oscar's search app (label "search"), so Oscar's catalogue URLs pick up
our CatalogueView and ProductCategoryView through its class loader instead of the
haystack-bound originals.
"""
