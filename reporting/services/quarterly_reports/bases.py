"""The bases of the quarterly report (R-SUP-5): for each model, its rows that belong to a period, with
the annotations the figures of `figures` and `oversight_figures` filter on (EXISTS and COUNT subqueries,
so that one row stays one row and a Count over the base counts records, not joins).

Each base also says how its records are scoped to a user (parentpartner.access), which permission
opens them, and which existing detail page a record links to."""

import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.urls import reverse

from eligibility.models import ReviewCase
from mentoring.models import (
    ActivityForm,
    Assignment,
    Case,
    ClinicalSupportSession,
    Contact,
    FormStatus,
    OutreachActivity,
    OutreachForm,
    SafetyConcern,
    SupervisionSession,
)
from parentpartner.dates import next_month
from parentpartner.models import ParentPartner, RoleAssignment
from reporting.models import FileAudit
from reporting.services.quarterly_reports.report import Base, Period, ReportScope
from training.models import Training, TrainingCompletion
from training.services import acceptance_subquery, first_year_due

WEEK = datetime.timedelta(days=7)


def _partners_visible(user: Any, queryset: QuerySet, path: str = "parent_partner") -> QuerySet:
    return queryset.filter(**{f"{path}__in": ParentPartner.objects.visible_to(user)})


def _active_in(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    """Assignments active on at least one day of [start, end)."""
    return Q(**{f"{prefix}assigned_on__lt": end}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": start})
    )


def _count(queryset: QuerySet, group_by: str, expression: Any) -> Coalesce:
    """A correlated COUNT subquery (0 when there is no row)."""
    return Coalesce(
        Subquery(queryset.order_by().values(group_by).annotate(n=expression).values("n"), output_field=IntegerField()),
        0,
    )


# --- Parent Partners' role rows (R-ROLE-1) ---


def _role_rows(period: Period) -> QuerySet:
    earlier = RoleAssignment.objects.filter(
        parent_partner=OuterRef("parent_partner"), started_on__lt=OuterRef("started_on")
    )
    later = RoleAssignment.objects.filter(
        parent_partner=OuterRef("parent_partner"), started_on__gte=OuterRef("ended_on")
    )
    return RoleAssignment.objects.annotate(is_change=Exists(earlier), has_next=Exists(later))


ROLE_ROWS = Base(
    key="role_rows",
    label="role records",
    rows=_role_rows,
    site_path="parent_partner__site",
    permission="parent_partner.view",
    visible=_partners_visible,
    link=lambda row: row.parent_partner.get_absolute_url(),
    title=lambda row: str(row.parent_partner),
    columns=(
        ("Role", lambda row: row.get_role_display()),
        ("From", lambda row: f"{row.started_on:%d %b %Y}"),
        ("Until", lambda row: f"{row.ended_on:%d %b %Y}" if row.ended_on else "now"),
        ("Site", lambda row: str(row.parent_partner.site)),
    ),
    select_related=("parent_partner__site",),
)


# --- Parent Partners: training and support --------------------------------------------------------------


def _partners(period: Period) -> QuerySet:
    start, end = period.start, period.end
    weeks = period.weeks
    week_end = (weeks[-1] + WEEK) if weeks else start
    supervised = SupervisionSession.objects.filter(
        parent_partner=OuterRef("pk"), held_on__gte=weeks[0] if weeks else start, held_on__lt=week_end
    )
    clinical = ClinicalSupportSession.objects.filter(
        attendees=OuterRef("pk"), held_on__gte=start, held_on__lte=period.as_of
    )
    first_year_missing = Training.objects.filter(is_active=True, required_within_first_year=True).exclude(
        Exists(
            TrainingCompletion.objects.filter(
                training=OuterRef("pk"), parent_partner=OuterRef(OuterRef("pk")), completed_on__lte=period.as_of
            )
        )
    )
    return ParentPartner.objects.annotate(
        serving=Exists(Assignment.objects.filter(_active_in(start, end), parent_partner=OuterRef("pk"))),
        supervised_weeks=_count(supervised, "parent_partner", Count(TruncWeek("held_on"), distinct=True)),
        clinical_months=_count(clinical, "attendees", Count(TruncMonth("held_on"), distinct=True)),
        completed_in_quarter=Exists(
            TrainingCompletion.objects.filter(
                parent_partner=OuterRef("pk"), completed_on__gte=start, completed_on__lt=end
            )
        ),
        in_program_at_end=Exists(
            RoleAssignment.objects.filter(parent_partner=OuterRef("pk"), started_on__lte=period.as_of).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gt=period.as_of)
            )
        ),
        first_year_due=first_year_due(acceptance_subquery()),
        first_year_missing=Exists(first_year_missing),
    )


PARTNERS = Base(
    key="partners",
    label="Parent Partners",
    rows=_partners,
    site_path="site",
    permission="parent_partner.view",
    visible=lambda user, queryset: queryset.filter(pk__in=ParentPartner.objects.visible_to(user)),
    link=lambda partner: partner.get_absolute_url(),
    columns=(
        ("Role", lambda p: p.get_current_role_display()),
        ("Status", lambda p: p.get_status_display()),
        ("Site", lambda p: str(p.site)),
        ("Weeks supervised", lambda p: p.supervised_weeks),
        ("Months with clinical support", lambda p: p.clinical_months),
    ),
    select_related=("site",),
)


# --- Families' cases and assignments (R-FAM-*) ------------------------------------------------------


def _cases(period: Period) -> QuerySet:
    assignments = Assignment.objects.filter(case=OuterRef("pk"))
    return Case.objects.annotate(
        first_assigned_on=Subquery(
            assignments.order_by().values("case").annotate(first=Min("assigned_on")).values("first"),
            output_field=DateField(),
        ),
        had_assignment=Exists(assignments.filter(_active_in(period.start, period.end))),
    )


CASES = Base(
    key="cases",
    label="families' cases",
    rows=_cases,
    site_path="family__site",
    permission="family.view",
    visible=lambda user, queryset: queryset.filter(pk__in=Case.objects.visible_to(user)),
    link=lambda case: case.get_absolute_url(),
    title=lambda case: str(case.family),
    columns=(
        ("Site", lambda c: str(c.family.site)),
        ("Source", lambda c: c.get_source_display()),
        ("Referred", lambda c: f"{c.referred_on:%d %b %Y}"),
        ("Status", lambda c: c.get_status_display()),
        ("Outcome", lambda c: c.get_outcome_display()),
    ),
    select_related=("family__site",),
)


def month_keys(period: Period) -> list[tuple[str, str]]:
    """Annotation names of the assignment bases per ended month: (active, "{flag}_<i>")."""
    return [(f"active_{i}", "{flag}_" + str(i)) for i, _month in enumerate(period.ended_months)]


def _assignments(period: Period) -> QuerySet:
    annotations: dict[str, Any] = {}
    for i, month in enumerate(period.ended_months):
        forms = ActivityForm.objects.filter(assignment=OuterRef("pk"), month=month)
        annotations[f"active_{i}"] = ExpressionWrapper(
            _active_in(month, next_month(month)), output_field=BooleanField()
        )
        annotations[f"handed_in_{i}"] = Exists(forms.filter(status__in=[FormStatus.SUBMITTED, FormStatus.APPROVED]))
        annotations[f"approved_{i}"] = Exists(forms.filter(status=FormStatus.APPROVED))
    return Assignment.objects.annotate(**annotations)


ASSIGNMENTS = Base(
    key="assignments",
    label="assignments",
    rows=_assignments,
    site_path="case__family__site",
    permission="family.view",
    visible=lambda user, queryset: queryset.filter(case__in=Case.objects.visible_to(user)),
    link=lambda a: reverse("mentoring:family-detail", args=[a.case.family_id]),
    title=lambda a: str(a.case.family),
    columns=(
        ("Parent Partner", lambda a: str(a.parent_partner)),
        ("Assigned", lambda a: f"{a.assigned_on:%d %b %Y}"),
        ("First contact due", lambda a: f"{a.first_contact_due:%d %b %Y}"),
        ("First contact", lambda a: f"{a.first_contact_on:%d %b %Y}" if a.first_contact_on else "not made"),
        ("Ended", lambda a: f"{a.ended_on:%d %b %Y}" if a.ended_on else ""),
    ),
    select_related=("case__family", "parent_partner"),
)


CONTACTS = Base(
    key="contacts",
    label="contacts",
    # A contact lies in its form's month (mentoring.forms.ContactForm.clean_contacted_on), so the
    # quarter's contacts are on the quarter's forms: saying so lets PostgreSQL start from those forms
    # (index activityform_month_status_idx) instead of every form of the scope (area report: 80 -> 20 ms).
    rows=lambda period: Contact.objects.filter(
        contacted_on__gte=period.start,
        contacted_on__lt=period.end,
        form__month__gte=period.start,
        form__month__lt=period.end,
    ),
    site_path="form__assignment__case__family__site",
    permission="activity_form.view",
    visible=lambda user, queryset: queryset.filter(form__in=ActivityForm.objects.visible_to(user)),
    link=lambda contact: contact.form.get_absolute_url(),
    title=lambda c: f"{c.form.assignment.case.family} with {c.form.assignment.parent_partner}",
    columns=(
        ("Date", lambda c: f"{c.contacted_on:%d %b %Y}"),
        ("Method", lambda c: c.get_method_display()),
        ("Activity", lambda c: c.get_activity_display()),
        ("Minutes", lambda c: c.minutes),
        ("Miles", lambda c: c.miles),
    ),
    select_related=("form__assignment__case__family", "form__assignment__parent_partner"),
)

OUTREACH = Base(
    key="outreach",
    label="community outreach activities",
    rows=lambda period: OutreachActivity.objects.filter(held_on__gte=period.start, held_on__lt=period.end),
    site_path="form__parent_partner__site",
    permission="outreach_form.view",
    visible=lambda user, queryset: queryset.filter(form__in=OutreachForm.objects.visible_to(user)),
    link=lambda line: line.form.get_absolute_url(),
    title=lambda line: line.description,
    columns=(
        ("Parent Partner", lambda a: str(a.form.parent_partner)),
        ("Date", lambda a: f"{a.held_on:%d %b %Y}"),
        ("Hours", lambda a: a.hours),
        ("Miles", lambda a: a.miles),
    ),
    select_related=("form__parent_partner",),
)

COMPLETIONS = Base(
    key="completions",
    label="training completions",
    rows=lambda period: TrainingCompletion.objects.filter(completed_on__gte=period.start, completed_on__lt=period.end),
    site_path="parent_partner__site",
    permission="training.view",
    visible=_partners_visible,
    link=lambda completion: reverse("training:checklist", args=[completion.parent_partner_id]),
    title=lambda c: str(c.parent_partner),
    columns=(
        ("Training", lambda c: str(c.training)),
        ("Completed", lambda c: f"{c.completed_on:%d %b %Y}"),
        ("Site", lambda c: str(c.parent_partner.site)),
    ),
    select_related=("parent_partner__site", "training"),
)

SAFETY = Base(
    key="safety",
    label="safety concerns",
    rows=lambda period: SafetyConcern.objects.all(),
    site_path="case__family__site",
    permission="safety_concern.view",
    visible=lambda user, queryset: queryset.filter(pk__in=SafetyConcern.objects.visible_to(user)),
    link=lambda concern: concern.get_absolute_url(),
    columns=(
        ("Known on", lambda c: f"{c.known_on:%d %b %Y}"),
        ("Concern", lambda c: c.get_kind_display()),
        ("Where it stands", lambda c: c.get_status_display()),
    ),
    select_related=("case__family",),
)

REVIEW_CASES = Base(
    key="review_cases",
    label="eligibility review cases",
    rows=lambda period: ReviewCase.objects.all(),
    site_path="parent_partner__site",
    permission="review_case.view",
    visible=lambda user, queryset: queryset.filter(pk__in=ReviewCase.objects.visible_to(user)),
    link=lambda case: case.get_absolute_url(),
    columns=(
        ("Opened", lambda c: f"{c.opened_on:%d %b %Y}"),
        ("Step", lambda c: c.get_step_display()),
        ("Closed", lambda c: f"{c.closed_on:%d %b %Y}" if c.closed_on else ""),
        ("Outcome", lambda c: c.get_outcome_display()),
    ),
    select_related=("parent_partner",),
)


def _audit_scope(scope: ReportScope) -> Q:
    """A site: its file reviews. An area: its file audits and its sites' reviews. The state: all."""
    if scope.site is not None:
        return Q(draw__site_id=scope.site.pk)
    if scope.area is not None:
        return Q(draw__service_area_id=scope.area.pk) | Q(draw__site__service_area_id=scope.area.pk)
    return Q()


FILE_AUDITS = Base(
    key="file_audits",
    label="audited files",
    rows=lambda period: FileAudit.objects.filter(draw__month__gte=period.start, draw__month__lt=period.end),
    site_path="draw__site",
    scope_q=_audit_scope,
    permission="file_audit.view",
    visible=lambda user, queryset: queryset.filter(pk__in=FileAudit.objects.visible_to(user)),
    link=lambda row: row.get_absolute_url(),
    title=lambda row: str(row.family),
    columns=(
        ("Draw", lambda a: str(a.draw)),
        ("Signed off", lambda a: f"{a.signed_off_at:%d %b %Y}" if a.signed_off_at else "not yet"),
    ),
    select_related=("draw__site", "draw__service_area", "family"),
)

BASES = {
    base.key: base
    for base in (
        ROLE_ROWS,
        PARTNERS,
        CASES,
        ASSIGNMENTS,
        CONTACTS,
        OUTREACH,
        COMPLETIONS,
        SAFETY,
        REVIEW_CASES,
        FILE_AUDITS,
    )
}
