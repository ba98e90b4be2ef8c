"""The search part of /healthz: is the configured engine answering shoppers, and if not, why.

`state()` returns ("ok", description) or ("degraded", reason). "degraded" means shoppers
are being answered from the database (engine unreachable or failing, an index missing, or
emptied while the database has products), not that the site is down. It reads the answers
the engine layer keeps for a few seconds (backends/watch.py), so calling it costs at most
one look at the engine per period, however often /healthz is asked.
"""
from .engines import DATABASE, get_engine


def state():
    try:
        engine = get_engine()
        if engine is DATABASE:
            return "ok", DATABASE.health()
        return engine.state()
    except Exception as exc:  # noqa: BLE001  a health check reports, it never raises
        return "degraded", f"{type(exc).__name__}: {exc}"
