"""Date ranges cut in the shop's time zone.

A report covers whole local days: 1 March means midnight to midnight in
settings.TIME_ZONE, whatever the database or server clock uses.
"""
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def shop_tz():
    return ZoneInfo(settings.TIME_ZONE)


def shop_today():
    return timezone.localtime(timezone.now(), shop_tz()).date()


@dataclass(frozen=True)
class Period:
    """Inclusive local dates [first, last]."""

    first: dt.date
    last: dt.date

    @property
    def start(self):
        """The first instant of the period (aware)."""
        return dt.datetime.combine(self.first, dt.time.min, tzinfo=shop_tz())

    @property
    def end(self):
        """The first instant after the period (aware): filter with `< end`."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, tzinfo=shop_tz())

    @property
    def days(self):
        return (self.last - self.first).days + 1

    def previous(self):
        """The same number of days immediately before, for comparisons."""
        return Period(self.first - dt.timedelta(days=self.days), self.first - dt.timedelta(days=1))

    def buckets(self, granularity):
        """Every day / week (Monday) / month start the period touches, so empty ones show as zero."""
        step = {"day": lambda d: d + dt.timedelta(days=1), "week": lambda d: d + dt.timedelta(days=7),
                "month": lambda d: (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)}[granularity]
        current = {"day": self.first, "week": self.first - dt.timedelta(days=self.first.weekday()),
                   "month": self.first.replace(day=1)}[granularity]
        while current <= self.last:
            yield current
            current = step(current)

    def __str__(self):
        return f"{self.first:%d %b %Y} – {self.last:%d %b %Y}"


def yesterday():
    day = shop_today() - dt.timedelta(days=1)
    return Period(day, day)


def last_full_week():
    """Monday to Sunday of the week before the current one."""
    today = shop_today()
    monday = today - dt.timedelta(days=today.weekday() + 7)
    return Period(monday, monday + dt.timedelta(days=6))
