"""Time and mileage for pay (R-ROLE-7): per Parent Partner and month, the hours and miles of their
approved monthly activity forms (R-FAM-7, the contacts) and approved community outreach forms.

Everything is summed by the database, in correlated subqueries so that the two kinds of form do not
multiply each other's rows.
"""

import csv
import io
from decimal import Decimal

from django.db.models import Count, DecimalField, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Round

from mentoring.models import ActivityForm, Contact, FormStatus, OutreachActivity, OutreachForm

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=9, decimal_places=2))
HOURS = DecimalField(max_digits=9, decimal_places=2)

COLUMNS = [
    ("last_name", "Last name"),
    ("first_name", "First name"),
    ("site_name", "Site"),
    ("month_label", "Month"),
    ("approved_activity_forms", "Approved activity forms"),
    ("activity_hours", "Activity hours"),
    ("activity_miles", "Activity miles"),
    ("outreach_hours", "Outreach hours"),
    ("outreach_miles", "Outreach miles"),
    ("total_hours", "Total hours"),
    ("total_miles", "Total miles"),
]


def _sum(queryset, partner_path, aggregate, output_field):
    """One Parent Partner's total of `aggregate` over `queryset`, as a correlated subquery; 0 if none."""
    return Coalesce(
        Subquery(
            queryset.filter(**{partner_path: OuterRef("pk")})
            .order_by()
            .values(partner_path)
            .annotate(total=aggregate)
            .values("total"),
            output_field=output_field,
        ),
        Value(0, output_field=output_field),
    )


def rows(partners, month):
    """The Parent Partners with approved time or miles in `month`, annotated with their pay totals."""
    contacts = Contact.objects.filter(form__month=month, form__status=FormStatus.APPROVED)
    outreach = OutreachActivity.objects.filter(form__month=month, form__status=FormStatus.APPROVED)
    forms = ActivityForm.objects.filter(month=month, status=FormStatus.APPROVED)
    minutes = _sum(contacts, "form__assignment__parent_partner", Sum("minutes"), IntegerField())
    annotated = partners.annotate(
        approved_activity_forms=_sum(forms, "assignment__parent_partner", Count("pk"), IntegerField()),
        activity_minutes=minutes,
        activity_miles=_sum(contacts, "form__assignment__parent_partner", Sum("miles"), HOURS),
        outreach_hours=_sum(outreach, "form__parent_partner", Sum("hours"), HOURS),
        outreach_miles=_sum(outreach, "form__parent_partner", Sum("miles"), HOURS),
    ).annotate(
        # numeric / integer: a cast first, or PostgreSQL divides integers.
        activity_hours=Round(Cast(F("activity_minutes"), HOURS) / Value(60), 2, output_field=HOURS),
        approved_outreach_forms=_sum(
            OutreachForm.objects.filter(month=month, status=FormStatus.APPROVED),
            "parent_partner",
            Count("pk"),
            IntegerField(),
        ),
    )
    annotated = annotated.annotate(
        total_hours=F("activity_hours") + F("outreach_hours"),
        total_miles=F("activity_miles") + F("outreach_miles"),
    )
    # Who has approved forms in the month, as two semi-joins on the forms of the month (index
    # activityform_month_status_idx): the same rows as filtering on the totals above, without computing
    # every person's totals first; the totals are then computed for the rows shown only.
    approved_outreach = OutreachForm.objects.filter(month=month, status=FormStatus.APPROVED)
    with_activity = Q(pk__in=forms.values("assignment__parent_partner_id"))
    return annotated.filter(with_activity | Q(pk__in=approved_outreach.values("parent_partner_id")))


def totals(report_rows, month) -> dict:
    """The sums over every row of the report (not only the page shown), from the forms' own tables."""
    partners = report_rows.values("pk")
    activity = Contact.objects.filter(
        form__month=month, form__status=FormStatus.APPROVED, form__assignment__parent_partner__in=partners
    ).aggregate(minutes=Coalesce(Sum("minutes"), 0), miles=Coalesce(Sum("miles"), ZERO))
    outreach = OutreachActivity.objects.filter(
        form__month=month, form__status=FormStatus.APPROVED, form__parent_partner__in=partners
    ).aggregate(hours=Coalesce(Sum("hours"), ZERO), miles=Coalesce(Sum("miles"), ZERO))
    activity_hours = (Decimal(activity["minutes"]) / 60).quantize(Decimal("0.01"))
    return {
        "activity_hours": activity_hours,
        "activity_miles": activity["miles"],
        "outreach_hours": outreach["hours"],
        "outreach_miles": outreach["miles"],
        "total_hours": activity_hours + outreach["hours"],
        "total_miles": activity["miles"] + outreach["miles"],
    }


def not_yet_approved(activity_forms, outreach_forms, month) -> int:
    """Forms of the month that are not approved and so not in the report."""
    pending = ~Q(status=FormStatus.APPROVED)
    return activity_forms.filter(pending, month=month).count() + outreach_forms.filter(pending, month=month).count()


def safe_text(value) -> str:
    """A spreadsheet runs a cell that starts with = + - @ as a formula: names are kept as text."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def table(report_rows, month) -> list[list]:
    """Header and one list per Parent Partner, the values as numbers where they are numbers."""
    lines = [[label for _key, label in COLUMNS]]
    keys = [key for key, _label in COLUMNS if key not in ("site_name", "month_label")]
    for row in report_rows.order_by("last_name", "first_name", "pk").values(*keys, site_name=F("site__name")):
        row["month_label"] = f"{month:%Y-%m}"
        lines.append([_cell(key, row[key]) for key, _ in COLUMNS])
    return lines


def _cell(key, value):
    if key.endswith("_hours"):
        return Decimal(value).quantize(Decimal("0.01"))
    if key.endswith("_miles"):
        return Decimal(value).quantize(Decimal("0.1"))
    return value if isinstance(value, int) else safe_text(value)


def as_csv(lines) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    return buffer.getvalue()


def as_xlsx(lines, month, title: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title or f"Pay {month:%Y-%m}"
    for line in lines:
        sheet.append([float(value) if isinstance(value, Decimal) else value for value in line])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Strings are never formulas here, whatever they start with (safe_text covers other readers).
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
