"""Time and mileage for pay (R-ROLE-7): per Parent Partner and month, the hours and miles of their
approved monthly activity forms (R-FAM-7, the contacts) and approved community outreach forms.

Everything is summed by the database, in correlated subqueries so that the two kinds of form do not
multiply each other's rows.
"""

import csv
import io
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
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


class _PerPerson(Coalesce):
    """Coalesce of a correlated subquery, grouped by the person it correlates to (not by its own value):
    beside the grouped activity join in `rows`, PostgreSQL then runs it once per person after grouping
    instead of once per joined row."""

    def get_group_by_cols(self):
        return [col for source in self.get_source_expressions() for col in source.get_group_by_cols()]


def _sum(queryset, partner_path, aggregate, output_field):
    """One Parent Partner's total of `aggregate` over `queryset`, as a correlated subquery; 0 if none."""
    return _PerPerson(
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


def people(partners, month):
    """The Parent Partners with approved forms (activity or outreach) in `month`, without their figures:
    two semi-joins on the forms of the month (indexes activityform_month_status_idx and
    outreachform_month_status_idx). The page counts and totals these (no grouping needed)."""
    forms = ActivityForm.objects.filter(month=month, status=FormStatus.APPROVED)
    approved_outreach = OutreachForm.objects.filter(month=month, status=FormStatus.APPROVED)
    with_activity = Q(pk__in=forms.values("assignment__parent_partner_id"))
    return partners.filter(with_activity | Q(pk__in=approved_outreach.values("parent_partner_id")))


def figures(partners, month, grouped=True):
    """`partners` annotated with their pay figures of `month`.

    grouped=True (every person of the report at once: the downloads): the activity figures come from
    one join restricted to the month's approved forms (in the join's ON
    clause, so a person's other months are never read), grouped per person: the contacts of those forms
    are summed once, instead of walking every assignment of ten years once per figure in correlated
    subqueries (issue 9: the contract manager's download, 246 people, query 75 -> 25 ms on the scale
    data). Outreach stays in correlated subqueries (index mentoring_outreachform_one_per_month finds a
    person's form of the month directly), so the two kinds never multiply each other's rows.

    grouped=False (a page of 25 rows, ordered and cut by the database): correlated subqueries per figure,
    run for the rows shown only, cheaper there than grouping every person before the LIMIT.
    The figures are the same either way (tests/test_mentoring_support.py, varied data).
    """
    if grouped:
        partners = partners.annotate(month_forms=_month_forms(month)).annotate(
            approved_activity_forms=Count("month_forms", distinct=True),
            activity_minutes=Coalesce(Sum("month_forms__contacts__minutes"), Value(0, output_field=IntegerField())),
            activity_miles=Coalesce(Sum("month_forms__contacts__miles", output_field=HOURS), ZERO),
        )
    else:
        contacts = Contact.objects.filter(form__month=month, form__status=FormStatus.APPROVED)
        forms = ActivityForm.objects.filter(month=month, status=FormStatus.APPROVED)
        partner = "form__assignment__parent_partner"
        partners = partners.annotate(
            approved_activity_forms=_sum(forms, "assignment__parent_partner", Count("pk"), IntegerField()),
            activity_minutes=_sum(contacts, partner, Sum("minutes"), IntegerField()),
            activity_miles=_sum(contacts, partner, Sum("miles"), HOURS),
        )
    outreach = OutreachActivity.objects.filter(form__month=month, form__status=FormStatus.APPROVED)
    annotated = partners.annotate(
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
    return annotated.annotate(
        total_hours=F("activity_hours") + F("outreach_hours"),
        total_miles=F("activity_miles") + F("outreach_miles"),
    )


def _month_forms(month):
    """A person's approved activity forms of `month`, as a join condition (not a WHERE)."""
    return FilteredRelation(
        "assignments__activity_forms",
        condition=Q(assignments__activity_forms__month=month, assignments__activity_forms__status=FormStatus.APPROVED),
    )


def rows(partners, month, grouped=True):
    """The Parent Partners with approved time or miles in `month`, annotated with their pay totals."""
    return figures(people(partners, month), month, grouped)


def totals(report_rows, month) -> dict:
    """The sums over every row of the report (not only the page shown), from the forms' own tables.
    `report_rows`: the people of the report (`people`, cheaper) or their rows (`rows`)."""
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
