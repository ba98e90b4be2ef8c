"""Oscar's customer app, forked: the email-changed warning goes to the old and the new address,
and registration offers the promotions newsletter (double opt-in, newsletter/)."""
