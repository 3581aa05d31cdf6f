"""The rates time and mileage are paid at (R-ROLE-7, handbook C.IX): an hourly rate and a per-mile
rate, each in force from a date the statewide coordinator sets until the next rate of its kind.
How they are applied is in mentoring.services.pay."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from parentpartner.dates import long_date
from parentpartner.models import User

# A rate above these is a typing error (an extra digit), not a rate the program pays.
MAX_HOURLY_RATE = Decimal(200)
MAX_MILEAGE_RATE = Decimal(5)


def rate_text(amount: Decimal) -> str:
    """$16.50, $0.655: cents always, the tenth of a cent only when there is one."""
    amount = Decimal(amount)
    cents = amount.quantize(Decimal("0.01"))
    return f"${cents if cents == amount else amount}"


class RateKind(models.TextChoices):
    HOURLY = "hourly", "Hourly rate"
    MILEAGE = "mileage", "Per-mile rate"


class PayRate(models.Model):
    """A rate in force from `effective_from` (that day included) until the next rate of the same kind
    begins. Rates are never deleted: a period that was paid keeps the rate it was paid at, and a
    correction is an edit with its history row."""

    kind = models.CharField(max_length=10, choices=RateKind.choices)
    # Three decimals: mileage is paid in tenths of a cent (e.g. $0.655 a mile).
    amount = models.DecimalField(
        "rate in dollars",
        max_digits=7,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(MAX_HOURLY_RATE)],
    )
    effective_from = models.DateField("in force from")
    note = models.CharField(max_length=300, blank=True, help_text="Why the rate changed, e.g. the contract year.")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["kind", "-effective_from"]
        constraints = [
            # Also the index of "the rate in force on a day": WHERE kind = %s AND effective_from <= %s
            # ORDER BY effective_from DESC LIMIT 1, run per line of the pay report (mentoring.services.pay).
            models.UniqueConstraint(fields=["kind", "effective_from"], name="mentoring_payrate_one_per_kind_and_day"),
            models.CheckConstraint(name="mentoring_payrate_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        unit = "an hour" if self.kind == RateKind.HOURLY else "a mile"
        return f"{rate_text(self.amount)} {unit} from {long_date(self.effective_from)}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:pay-rate-list")
