"""Oscar's wishlists app, forked: a shared list someone else keeps private answers like a missing one."""
