"""The newsletter: double opt-in subscribers, newsletters written in Wagtail, segmented sends.

A subscriber is only mailed once they have confirmed by the link we email them
(subscriptions.py), and every newsletter carries a signed one-click unsubscribe link and the
preferences link (preferences.py). Editors compose a newsletter in /cms/ from words,
pictures and live product blocks (models.py, blocks.py, rendering.py); Marketing sends it
to a segment (segments.py), now or scheduled, in rate-limited batches through the outbox
(campaigns.py, tasks.py), each address at most once per send.
"""
