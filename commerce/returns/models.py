"""A return (RMA) of some of an order's goods, its lines, and the steps it went through.

A ReturnRequest moves Requested → Approved → Received → Refunded, or Requested → Rejected.
Its lines say how many units of which order line come back and, once they are in, how
many went back on the shelf and how many were written off. Every step is a ReturnStep
with who (None = the customer, for a guest) and when; the order's timeline shows them.
A line may be exchanged for another variant of the same product (exchanges.py): its
replacement goes out as a new order, linked from the return.
"""
from decimal import Decimal

from django.conf import settings
from django.db import models


class Reason(models.TextChoices):
    DAMAGED = "damaged", "Arrived damaged"
    WRONG_ITEM = "wrong_item", "Wrong item sent"
    NOT_AS_DESCRIBED = "not_as_described", "Not as described"
    CHANGED_MIND = "changed_mind", "Changed my mind"
    OTHER = "other", "Other"


#: The reasons that are the shop's fault: with these, a whole order coming back gets its delivery refunded.
SHOP_FAULT_REASONS = (Reason.DAMAGED, Reason.WRONG_ITEM, Reason.NOT_AS_DESCRIBED)


class ReturnRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        RECEIVED = "received", "Received"
        REFUNDED = "refunded", "Refunded"

    number = models.PositiveIntegerField(unique=True, help_text="Shown as RMA-000123")
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    reason = models.CharField(max_length=32, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True, help_text="The customer's own words")
    decision_note = models.CharField(max_length=500, blank=True, help_text="Why it was approved or rejected")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", help_text="Empty for a guest")
    amount_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    shipping_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    tax_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    replacement = models.ForeignKey("order.Order", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="exchanged_by",
                                    help_text="The order sending the exchanged units' replacements (exchanges.py)")
    exchange_owed = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"),
                                        help_text="What the customer owes for a dearer replacement")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return self.rma

    @property
    def rma(self):
        return f"RMA-{self.number:06d}"

    @property
    def shop_fault(self):
        return self.reason in SHOP_FAULT_REASONS


class ReturnLine(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="return_lines")
    quantity = models.PositiveIntegerField()
    restocked = models.PositiveIntegerField(default=0, help_text="Units put back on the stock record")
    written_off = models.PositiveIntegerField(default=0, help_text="Units received but not fit to sell")
    value_received = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"),
                                         help_text="What the units received were bought for, before tax "
                                                   "(refunds.goods_value), kept when the parcel is booked in")
    exchange_for = models.ForeignKey("catalogue.Product", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", help_text="The sibling variant sent instead of a refund")
    replacement_value = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"),
                                            help_text="The replacement units' price before tax, at receipt")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="return_line_quantity_positive"),
            models.CheckConstraint(condition=models.Q(restocked__lte=models.F("quantity") - models.F("written_off")),
                                   name="return_line_received_within_quantity"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.line.title}"

    @property
    def received(self):
        return self.restocked + self.written_off


class ReturnStep(models.Model):
    """One step of a return on the order's timeline: what, when, who (None = a guest customer), and a note."""

    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="steps")
    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="return_steps")
    status = models.CharField(max_length=16, choices=ReturnRequest.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.summary

    @property
    def summary(self):
        return f"Return {self.request.rma} {self.get_status_display().lower()}"
