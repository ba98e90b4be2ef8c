"""Oscar's email dispatcher, sending through the outbox instead of in the request.

The bridge for Oscar's own senders (registration, password reset and change, back-in-stock
alerts), which find this class through get_class. The shop's code doesn't use it: it sends
with outbox.queue_event_email or outbox.queue_email.
"""
from django.core.mail import EmailMultiAlternatives
from oscar.apps.communication import utils

from outbox.outbox import queue_email


class Dispatcher(utils.Dispatcher):
    def get_messages(self, event_code, extra_context=None):
        """Oscar's rendered messages, tagged with their event code so the outbox row says what it is."""
        messages = super().get_messages(event_code, extra_context)
        messages["code"] = event_code
        return messages

    def send_email_messages(self, recipient_email, messages, from_email=None, attachments=None):
        """Queue the message (Celery delivers it after commit) and return it unsent.

        Oscar logs the returned message in the customer's email history.
        """
        queue_email(
            to=recipient_email, subject=messages["subject"], body=messages["body"], html=messages.get("html") or "",
            kind=messages.get("code", "") or "oscar", key=messages.get("key"), from_email=from_email,
            attachments=self._read_attachments(attachments),
        )
        self.logger.info("Queued email to %s", recipient_email)
        return EmailMultiAlternatives(messages["subject"], messages["body"], from_email, [recipient_email])

    def _read_attachments(self, attachments):
        content, files = self.prepare_attachments(attachments)
        result = [
            (name, data if isinstance(data, bytes) else data.encode(), mime)
            for name, data, mime in (item for item in content if isinstance(item, (list, tuple)))
        ]
        for path in files:
            with open(path, "rb") as fh:
                result.append((path.rsplit("/", 1)[-1], fh.read(), "application/octet-stream"))
        return result
