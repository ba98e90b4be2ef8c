"""Promotions newsletter: double opt-in subscribers, signed one-click unsubscribe, sends in batches.

A subscriber is only mailed once they have confirmed by the link we email them
(subscriptions.py), and every newsletter carries a signed link that unsubscribes in one
click. Staff send a promotion page from the Django admin (admin.py); Celery mails the
confirmed subscribers in batches (tasks.py), re-reading each batch so nobody who opted out
meanwhile is mailed.
"""
