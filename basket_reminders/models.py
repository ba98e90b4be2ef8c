"""What basket reminders remember: the merchandisers' settings, a guest's consent, and each reminder sent.

A signed-in shopper's basket may be reminded (unless the address opted out of reminders);
a guest's only when they ticked "Email me a reminder if I leave my basket" at checkout,
which is stored here with the basket and the address they gave.
"""
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ReminderSettings(models.Model):
    """The one row of settings merchandisers edit in the dashboard (Customers → Basket reminders).

    Off until a merchandiser turns it on, so a new shop never emails anyone by surprise.
    """

    enabled = models.BooleanField("Send basket reminders", default=False)
    first_after_hours = models.PositiveIntegerField(
        "First reminder after (hours idle)", default=4, validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
        help_text="Hours since the shopper last changed the basket.")
    second_after_hours = models.PositiveIntegerField(
        "Second reminder after (hours after the first)", default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
        help_text="Hours after the first reminder; the second is never sent if the basket changed since.")
    send_second = models.BooleanField("Send a second reminder", default=True)
    quiet_from = models.TimeField("Quiet hours from", null=True, blank=True,
                                  help_text="Shop time. No reminder leaves between these times; they wait until after.")
    quiet_until = models.TimeField("Quiet hours until", null=True, blank=True)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "basket reminder settings"

    def __str__(self):
        return "Basket reminder settings"

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]

    @property
    def first_delay(self):
        return timedelta(hours=self.first_after_hours)

    @property
    def second_delay(self):
        return timedelta(hours=self.second_after_hours)

    def is_quiet(self, local_time):
        """Whether `local_time` (shop time) falls in the quiet hours, which may run past midnight."""
        start, end = self.quiet_from, self.quiet_until
        if start is None or end is None or start == end:
            return False
        if start < end:
            return start <= local_time < end
        return local_time >= start or local_time < end


class ReminderConsent(models.Model):
    """A guest's yes to a reminder for this basket, at the address they gave at checkout."""

    basket = models.OneToOneField("basket.Basket", on_delete=models.CASCADE, related_name="reminder_consent")
    email = models.EmailField()
    agreed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Reminder consent for basket {self.basket_id}"


class BasketReminder(models.Model):
    """One reminder email queued for a basket; (basket, number) is unique, so it is queued once."""

    basket = models.ForeignKey("basket.Basket", on_delete=models.CASCADE, related_name="reminders")
    number = models.PositiveSmallIntegerField()  # 1 or 2
    email = models.EmailField()
    queued_at = models.DateTimeField()
    outbox_key = models.CharField(max_length=100, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["basket", "number"], name="one_reminder_per_basket_number")]
        ordering = ["queued_at", "pk"]

    def __str__(self):
        return f"Reminder {self.number} for basket {self.basket_id}"

    @staticmethod
    def key_for(basket_id, number):
        return f"basket-reminder:{basket_id}:{number}"
