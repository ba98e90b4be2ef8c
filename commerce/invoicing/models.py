"""The numbers the shop's paperwork carries, kept so that each is given out exactly once.

The documents themselves are not stored: an order's lines, prices, tax and addresses
don't change once it is placed, so its invoice is drawn from them again on demand
(documents.py) with the number and date recorded here.
"""
from django.db import models
from django.utils import timezone


class NumberSeries(models.Model):
    """The last number given out in one series ("INV-2026", "RMA"); locked while the next is taken."""

    series = models.CharField(max_length=32, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.series}: {self.last}"


class Invoice(models.Model):
    """The invoice of a paid order: one per order, its number from the INV series of its year."""

    order = models.OneToOneField("order.Order", on_delete=models.PROTECT, related_name="invoice")
    number = models.CharField(max_length=32, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self):
        return self.number

    @property
    def filename(self):
        return f"{self.number}.pdf"


class CreditNote(models.Model):
    """Value given back against an invoice, numbered in the CN series: one per card refund, or
    the returned goods of an exchange credited toward the replacement order (`applied_to`)."""

    refund = models.OneToOneField("payments.Refund", on_delete=models.PROTECT, related_name="credit_note",
                                  null=True, blank=True)
    applied_to = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="credits_applied",
                                   null=True, blank=True, help_text="The exchange's replacement order it pays toward")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    number = models.CharField(max_length=32, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    description = models.CharField(max_length=200, blank=True, help_text="What was credited, as printed")
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issued_at", "pk"]
        constraints = [models.CheckConstraint(
            condition=models.Q(refund__isnull=False) | models.Q(applied_to__isnull=False),
            name="credit_note_for_a_refund_or_an_exchange")]

    def __str__(self):
        return self.number

    @property
    def filename(self):
        return f"{self.number}.pdf"
