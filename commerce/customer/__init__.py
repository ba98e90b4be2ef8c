"""Oscar's customer app, forked: the email-changed warning goes to the old and the new address,
registration offers the promotions newsletter (double opt-in, newsletter/), and the account
pages give the customer's data rights: download my data, delete my account (views.py)."""
