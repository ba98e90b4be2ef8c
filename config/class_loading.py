"""Oscar's class loader, with each answer kept for the life of the process.

Oscar looks a class up afresh on every `get_class` call: it walks the app registry and
tries to import the forked module before falling back to Oscar's own, and a failed
import is the slow part (about 60 µs on our machines). Pricing a basket asks for three
condition classes every time an offer's condition is consulted, several times a line.
Which class answers a label is settled once the apps are loaded, so it is asked once.
"""
from functools import cache

from oscar.core.loading import default_class_loader


@cache
def _classes(module_label, classnames, module_prefix):
    return tuple(default_class_loader(module_label, list(classnames), module_prefix))


def cached_class_loader(module_label, classnames, module_prefix):
    """OSCAR_DYNAMIC_CLASS_LOADER: Oscar's default loader, remembered (a lookup that fails
    raises again next time, as it is not remembered)."""
    return list(_classes(module_label, tuple(classnames), module_prefix))
