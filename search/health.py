"""The search part of /healthz: is the configured engine answering shoppers, and if not, why.

`state()` returns ("ok", description) or ("degraded", reason). "degraded" means shoppers
are being answered from the database (engine unreachable or failing, an index missing, or
emptied while the database has products), not that the site is down. It reads the answers
the engine layer keeps for a few seconds (backends/watch.py), so calling it costs at most
one look at the engine per period, however often /healthz is asked.

The verdict is the engine layer's own (engines.state, which engines.health also gives); this
module is where config/health.py asks for it.
"""
from .engines import state

__all__ = ["state"]
