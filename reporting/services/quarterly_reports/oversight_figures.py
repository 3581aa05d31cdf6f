"""The quarterly report's oversight figures (R-SUP-5): training, supervision and clinical support,
safety concerns, eligibility review cases and file audits; declared like `figures` (whose docstring
gives the definitions)."""

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q

from eligibility.models import Outcome as ReviewOutcome
from mentoring.models import SafetyStatus
from mentoring.models.safety import OPEN_STATUSES
from reporting.models import CHECKS, AuditKind, CheckResult
from reporting.services.quarterly_reports.bases import COMPLETIONS, FILE_AUDITS, PARTNERS, REVIEW_CASES, SAFETY
from reporting.services.quarterly_reports.report import Figure, Period, Ratio, Section


def oversight_sections(period: Period, during: Callable[[str], Q]) -> tuple[Section, ...]:
    """`during(field)` is the filter "field in the quarter"."""
    as_of = period.as_of
    raised = during("known_on")
    referral_path = Q(child_present=True) | Q(imminent_danger=True)
    self_report = Q(status=SafetyStatus.AWAITING_SELF_REPORT) | Q(
        status=SafetyStatus.CASEWORKER_INFORMED, caseworker_informed_by="participant"
    )
    by_coordinator = Q(status=SafetyStatus.AWAITING_COORDINATOR) | Q(
        status=SafetyStatus.CASEWORKER_INFORMED, caseworker_informed_by="coordinator"
    )
    open_at_end = Q(known_on__lte=as_of) & (Q(closed_at__isnull=True) | Q(closed_at__gte=period.as_of_datetime))
    serving = Q(serving=True)
    weeks, months = len(period.weeks), len(period.started_months)
    # Before the quarter's first Monday no week of supervision is due: nobody is counted as
    # supervised every week nor as not supervised at all (both would be true of nothing).
    no_week_yet = Q(pk__isnull=True)
    return (
        Section(
            "training",
            "Training",
            (
                Figure("trainings_completed", "Trainings completed", COMPLETIONS),
                Figure(
                    "trainings_completed_people",
                    "Parent Partners who completed a training",
                    PARTNERS,
                    Q(completed_in_quarter=True),
                ),
                Figure(
                    "trainings_overdue",
                    "Parent Partners with first-year trainings overdue at the end",
                    PARTNERS,
                    Q(in_program_at_end=True, first_year_missing=True, first_year_due__lte=as_of),
                ),
            ),
            rule="R-TRN-1",
        ),
        Section(
            "support",
            "Supervision and clinical support",
            (
                Figure("serving_partners", "Parent Partners serving families", PARTNERS, serving),
                Figure(
                    "supervised_weekly",
                    f"Supervised every week ({weeks} weeks)",
                    PARTNERS,
                    serving & Q(supervised_weeks__gte=weeks) if weeks else no_week_yet,
                ),
                Ratio(
                    "supervised_weekly_percent",
                    "Supervised every week (percent)",
                    "supervised_weekly",
                    "serving_partners",
                ),
                Figure(
                    "unsupervised",
                    "Not supervised at all in the quarter",
                    PARTNERS,
                    serving & Q(supervised_weeks=0) if weeks else no_week_yet,
                ),
                Figure(
                    "clinical_monthly",
                    f"Clinical support every month ({months} months)",
                    PARTNERS,
                    serving & Q(clinical_months__gte=months),
                ),
                Ratio(
                    "clinical_monthly_percent",
                    "Clinical support every month (percent)",
                    "clinical_monthly",
                    "serving_partners",
                ),
                Figure("no_clinical", "No clinical support in the quarter", PARTNERS, serving & Q(clinical_months=0)),
            ),
            rule="R-SUP-1, R-SUP-2",
        ),
        Section(
            "safety",
            "Safety concerns",
            (
                Figure("concerns_raised", "Raised", SAFETY, raised),
                Figure(
                    "concerns_referral",
                    "Child present or in danger: child abuse referral",
                    SAFETY,
                    raised & referral_path,
                ),
                Figure(
                    "concerns_self_report",
                    "Caseworker informed by the participant's self-report",
                    SAFETY,
                    raised & self_report,
                ),
                Figure(
                    "concerns_coordinator", "Caseworker informed by the coordinator", SAFETY, raised & by_coordinator
                ),
                Figure("concerns_open_end", "Open at the end", SAFETY, open_at_end),
                Figure(
                    "concerns_open_now",
                    "Raised in the quarter and still open today",
                    SAFETY,
                    raised & Q(status__in=OPEN_STATUSES),
                ),
            ),
            rule="R-SAFE-1, R-SAFE-2, R-SAFE-3",
        ),
        Section(
            "reviews",
            "Eligibility review cases",
            (
                Figure("reviews_opened", "Opened", REVIEW_CASES, during("opened_on")),
                Figure("reviews_closed", "Closed", REVIEW_CASES, during("closed_on")),
                *(
                    Figure(
                        f"reviews_closed_{o.value}",
                        f"Closed: {o.label}",
                        REVIEW_CASES,
                        during("closed_on") & Q(outcome=o),
                    )
                    for o in ReviewOutcome
                ),
                Figure(
                    "reviews_open_end",
                    "Open at the end",
                    REVIEW_CASES,
                    Q(opened_on__lte=as_of) & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of)),
                ),
            ),
            rule="R-REV-1..4",
        ),
        Section(
            "audits",
            "Random file audits",
            (
                Figure(
                    "audit_draws_review",
                    "Site file reviews drawn",
                    FILE_AUDITS,
                    value=_draws(AuditKind.FILE_REVIEW),
                    records=Q(draw__kind=AuditKind.FILE_REVIEW),
                ),
                Figure(
                    "audit_draws_audit",
                    "Area file audits drawn",
                    FILE_AUDITS,
                    value=_draws(AuditKind.FILE_AUDIT),
                    records=Q(draw__kind=AuditKind.FILE_AUDIT),
                ),
                Figure("audit_files", "Files audited", FILE_AUDITS),
                Figure("audit_signed_off", "Signed off", FILE_AUDITS, Q(signed_off_at__isnull=False)),
                *(
                    Figure(
                        f"audit_{name}_{result.value}",
                        f"{question}: {result.label}",
                        FILE_AUDITS,
                        Q(**{f"{name}_check": result}),
                    )
                    for name, question in CHECKS
                    for result in CheckResult
                ),
                Figure("audit_corrective", "With corrective actions", FILE_AUDITS, ~Q(corrective_actions="")),
            ),
            rule="R-SUP-4",
        ),
    )


def _draws(kind: str) -> Callable[[Q], Any]:
    """Draws with at least one file in the scope (a draw always has one)."""
    return lambda _q: Count("draw", distinct=True, filter=Q(draw__kind=kind))
