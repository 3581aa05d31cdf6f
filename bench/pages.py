"""What the benchmark measures, declared page by page (issue 9).

One `BenchPage` per page and variant: the URL name and how to build its arguments and query string
for a user, the logins that use it, the method and POST data, and for a main list the admin
changelist of the same rows (model + filter) and the floor (the same page of rows as one plain SQL
query). To add a page (the quarterly reports, dashboards and outcomes of issue 7), append an entry.

Logins are the demo's usernames, which seed_scale also uses, so the same list runs on demo data and
on scale data.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from eligibility.models import EligibilityRecord, ReviewCase
from mentoring.models import (
    ActivityForm,
    Assignment,
    ClinicalSupportSession,
    Family,
    OutreachForm,
    SafetyConcern,
    SupervisionSession,
)
from parentpartner.dates import first_of_month
from parentpartner.models import ApprovalForm, LeadCase, ParentPartner, Site
from reporting.models import FileAudit, FileAuditDraw, Meeting
from reporting.services.quarters import last_complete_quarter
from training.models import Trainer, TrainingSession

SC, SAC, SW = "coordinator", "areacoordinator", "statewide"
CM, CLIN, LIAISON, PP = "contractmanager", "clinician", "liaison", "parentpartner"
STAFF3 = (SC, SAC, SW)


@dataclass
class BenchPage:
    key: str
    name: str
    roles: tuple
    kind: str = "detail"  # list | detail | home | export | form | post
    args: Callable | None = None  # (user) -> URL args
    params: dict | Callable | None = None  # GET query string, or (user) -> dict
    method: str = "GET"
    data: Callable | None = None  # (user) -> POST data; POSTs run in a rolled-back transaction
    admin: tuple | None = None  # (model, (user) -> changelist filter params)
    floor: Callable | None = None  # (user) -> queryset of the page's rows, or (sql, params)
    budget_ms: float = 150
    expect: tuple = (200,)
    notes: str = ""
    extra: dict = field(default_factory=dict)


def first(queryset):
    row = queryset.order_by("pk").first()
    if row is None:
        raise LookupError(f"No row for {queryset.model.__name__}")
    return row


def scope_filter(user, path):
    """Admin changelist parameters for the user's scope through `path` to the site."""
    if user.role == "site_coordinator":
        return {f"{path}__id__exact": first(user.sites.all()).pk}
    if user.role == "service_area_coordinator":
        return {f"{path}__service_area__id__exact": user.service_area_id}
    return {}


def area_scope(user):
    """The bench admin's `area` filter (bench.admin.area_scope) for a SAC, the site for a coordinator."""
    if user.role == "service_area_coordinator":
        return {"area": user.service_area_id}
    return scope_filter(user, "site")


def page_of(queryset, *columns):
    """The floor: the first page of the rows in the list's order, only the columns shown."""
    return queryset.values_list(*columns)[:25]


def purpose(_user):
    """The export purpose form (parentpartner.services.exports): a POST of it sends the file."""
    return {"purpose": "reporting", "purpose_detail": ""}


def report_args(kind):
    """The last complete quarter's report for the state, the user's area or the user's first site."""

    def build(user):
        quarter = str(last_complete_quarter(timezone.localdate()))
        if kind == "area":
            return [quarter, f"area-{user.service_area_id}"]
        if kind == "site":
            return [quarter, f"site-{first(user.sites.all()).pk}"]
        return [quarter, "state"]

    return build


def this_month():
    return first_of_month(timezone.localdate())


def last_month():
    return first_of_month(this_month() - datetime.timedelta(days=1))


def pk_of(model, extra=None):
    return lambda user: [first(model.objects.visible_to(user).filter(extra or Q())).pk]


def draft_form(user):
    forms = ActivityForm.objects.visible_to(user).filter(status="draft", month=this_month())
    if user.parent_partner_id:
        forms = forms.filter(assignment__parent_partner_id=user.parent_partner_id)
    return forms.filter(contacts__isnull=False).distinct().order_by("pk").first() or first(forms)


def contacts_data(user):
    """The entry page's save as the browser sends it: every line back, one new line."""
    form = draft_form(user)
    lines = list(form.contacts.order_by("pk"))
    data = {
        "version": form.version,
        "contacts-TOTAL_FORMS": str(len(lines) + 1),
        "contacts-INITIAL_FORMS": str(len(lines)),
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    for n, line in enumerate([*lines, None]):
        values = {
            "id": line.pk if line else "",
            "contacted_on": (line.contacted_on if line else form.month).isoformat(),
            "method": line.method if line else "phone",
            "activity": line.activity if line else "encouragement",
            "minutes": line.minutes if line else 30,
            "miles": line.miles if line else "0",
            "note": line.note if line else "",
        }
        data.update({f"contacts-{n}-{key}": value for key, value in values.items()})
    return data


def draw_data(user):
    """Next month without a draw, going back from last month (rolled back after each request)."""
    site = first(user.sites.all()) if user.role == "site_coordinator" else None
    month = last_month()
    taken = set(FileAuditDraw.objects.visible_to(user).values_list("month", flat=True))
    while month in taken:
        month = first_of_month(month - datetime.timedelta(days=1))
    return {"month": f"{month:%Y-%m}", "sample_size": "3", **({"site": site.pk} if site else {})}


def _visible(model):
    return lambda user: model.objects.visible_to(user)


def _pp_floor(user, **filters):
    return page_of(ParentPartner.objects.visible_to(user).filter(**filters), "pk", "first_name",
                   "last_name", "site__name", "county__name", "current_role", "status")  # fmt: skip


def _family_floor(user, **filters):
    return page_of(Family.objects.visible_to(user).filter(**filters), "pk", "parent_first_name", "parent_last_name", "site__name",
                   "county__name", "dhs_case_number")  # fmt: skip


PAGES = [
    # Home pages, one per role.
    *[BenchPage(f"home-{r}", "home", (r,), "home") for r in (SC, SAC, SW, CM, CLIN, LIAISON, PP)],
    BenchPage("my-profile", "parentpartner:my-profile", (PP,), "detail", expect=(302,)),
    # Main lists, with and without filters, each beside the admin changelist and the floor.
    BenchPage("site-list", "parentpartner:site-list", (SW, SAC), "list", admin=(Site, lambda u: {}),
              floor=lambda u: page_of(Site.objects.visible_to(u), "pk", "name", "service_area__name", "phone")),
    BenchPage("pp-list", "parentpartner:parent-partner-list", STAFF3, "list",
              admin=(ParentPartner, lambda u: scope_filter(u, "site")), floor=_pp_floor),
    BenchPage("pp-list-filtered", "parentpartner:parent-partner-list", STAFF3, "list", params={"current_role": "pp"},
              admin=(ParentPartner, lambda u: {**scope_filter(u, "site"), "current_role__exact": "pp"}),
              floor=lambda u: _pp_floor(u, current_role="pp")),
    BenchPage("family-list", "mentoring:family-list", STAFF3, "list",
              admin=(Family, lambda u: scope_filter(u, "site")), floor=_family_floor),
    BenchPage("family-list-search", "mentoring:family-list", STAFF3, "list", params={"search": "ett"},
              admin=(Family, lambda u: {**scope_filter(u, "site"), "q": "ett"}),
              floor=lambda u: _family_floor(u, parent_last_name__icontains="ett")),
    BenchPage("approval-form-list", "parentpartner:approval-form-list", STAFF3, "list",
              admin=(ApprovalForm, lambda u: scope_filter(u, "parent_partner__site")),
              floor=lambda u: page_of(ApprovalForm.objects.visible_to(u), "pk", "parent_partner__first_name",
                                      "parent_partner__last_name", "state", "started_at", "decided_on")),
    BenchPage("lead-case-list", "parentpartner:lead-case-list", STAFF3, "list",
              admin=(LeadCase, lambda u: scope_filter(u, "site")),
              floor=lambda u: page_of(LeadCase.objects.visible_to(u), "pk", "site__name", "stage", "requested_on")),
    BenchPage("certification-list", "parentpartner:certification-list", (SW,), "list"),
    BenchPage("worklist", "mentoring:worklist", (SC, SAC), "list"),
    BenchPage("outreach-form-list", "mentoring:outreach-form-list", STAFF3, "list",
              admin=(OutreachForm, lambda u: scope_filter(u, "parent_partner__site")),
              floor=lambda u: page_of(OutreachForm.objects.visible_to(u), "pk", "parent_partner__first_name",
                                      "parent_partner__last_name", "month", "status")),
    BenchPage("supervision-list", "mentoring:supervision-list", STAFF3, "list",
              admin=(SupervisionSession, lambda u: scope_filter(u, "parent_partner__site")),
              floor=lambda u: page_of(SupervisionSession.objects.visible_to(u), "pk", "parent_partner__first_name",
                                      "parent_partner__last_name", "coordinator__last_name", "held_on")),
    BenchPage("support-flags", "mentoring:support-flags", STAFF3, "list"),
    BenchPage("clinical-support-list", "mentoring:clinical-support-list", (SC, CLIN, SW), "list",
              admin=(ClinicalSupportSession, lambda u: scope_filter(u, "site")),
              floor=lambda u: page_of(ClinicalSupportSession.objects.visible_to(u), "pk", "site__name", "held_on",
                                      "clinician", "format")),
    BenchPage("safety-concern-list", "mentoring:safety-concern-list", STAFF3, "list",
              admin=(SafetyConcern, lambda u: scope_filter(u, "case__family__site")),
              floor=lambda u: page_of(SafetyConcern.objects.visible_to(u), "pk", "case__family__parent_first_name",
                                      "case__family__parent_last_name", "parent_partner__last_name", "known_on",
                                      "kind", "status")),
    BenchPage("pay-report", "mentoring:pay-report", (SC, SAC, CM), "list"),
    BenchPage("pay-report-csv", "mentoring:pay-report-csv", (SC, CM), "export", method="POST", data=purpose),
    BenchPage("pay-report-xlsx", "mentoring:pay-report-xlsx", (SC, CM), "export", method="POST", data=purpose),
    BenchPage("training-overview", "training:overview", STAFF3, "list"),
    BenchPage("session-list", "training:session-list", STAFF3, "list",
              admin=(TrainingSession, lambda u: scope_filter(u, "site")),
              floor=lambda u: page_of(TrainingSession.objects.visible_to(u), "pk", "training__short_name",
                                      "site__name", "held_on", "hours", "format")),
    BenchPage("trainer-list", "training:trainer-list", (SW,), "list", admin=(Trainer, lambda u: {}),
              floor=lambda u: page_of(Trainer.objects.visible_to(u), "pk", "name", "kind", "organisation")),
    BenchPage("screening-list", "eligibility:record-list", STAFF3, "list",
              admin=(EligibilityRecord, lambda u: scope_filter(u, "parent_partner__site")),
              floor=lambda u: page_of(EligibilityRecord.objects.visible_to(u), "pk", "parent_partner__first_name",
                                      "parent_partner__last_name", "status", "dhs_reviewed_on")),
    BenchPage("review-case-list", "eligibility:case-list", STAFF3, "list",
              admin=(ReviewCase, lambda u: scope_filter(u, "parent_partner__site")),
              floor=lambda u: page_of(ReviewCase.objects.visible_to(u), "pk", "parent_partner__first_name",
                                      "parent_partner__last_name", "step", "opened_on")),
    BenchPage("audit-draw-list", "reporting:audit-draw-list", STAFF3, "list",
              admin=(FileAuditDraw, area_scope),
              floor=lambda u: page_of(FileAuditDraw.objects.visible_to(u), "pk", "kind", "month", "site__name",
                                      "service_area__name", "sample_size")),
    # Detail pages.
    BenchPage("site-detail", "parentpartner:site-detail", STAFF3, args=lambda u: [first(Site.objects.visible_to(u)).pk]),
    BenchPage("pp-detail", "parentpartner:parent-partner-detail", (*STAFF3, PP), args=pk_of(ParentPartner, Q(status="active"))),
    BenchPage("progression", "parentpartner:progression", (SC, SW), args=pk_of(ParentPartner, Q(status="active"))),
    BenchPage("approval-form-detail", "parentpartner:approval-form-detail", (SC, SW), args=pk_of(ApprovalForm)),
    BenchPage("lead-case-detail", "parentpartner:lead-case-detail", (SAC, SW), args=pk_of(LeadCase)),
    BenchPage("family-detail", "mentoring:family-detail", (SC, SAC, PP),
              args=lambda u: [first(Family.objects.visible_to(u).filter(cases__status="active")).pk]),
    BenchPage("activity-form-detail", "mentoring:activity-form-detail", (SC, PP),
              args=pk_of(ActivityForm, Q(status="approved"))),
    BenchPage("outreach-form-detail", "mentoring:outreach-form-detail", (SC,), args=pk_of(OutreachForm)),
    BenchPage("supervision-detail", "mentoring:supervision-detail", (SC,), args=pk_of(SupervisionSession)),
    BenchPage("clinical-support-detail", "mentoring:clinical-support-detail", (SC, CLIN), args=pk_of(ClinicalSupportSession)),
    BenchPage("safety-concern-detail", "mentoring:safety-concern-detail", (SC,), args=pk_of(SafetyConcern)),
    BenchPage("training-checklist", "training:checklist", (SC, PP), args=pk_of(ParentPartner, Q(status="active"))),
    BenchPage("session-detail", "training:session-detail", (SC,), args=pk_of(TrainingSession)),
    BenchPage("screening-detail", "eligibility:record-detail", (SC,), args=pk_of(EligibilityRecord)),
    BenchPage("review-case-detail", "eligibility:case-detail", (SC, SW), args=pk_of(ReviewCase)),
    BenchPage("audit-draw-detail", "reporting:audit-draw-detail", (SC, SAC), args=pk_of(FileAuditDraw)),
    BenchPage("file-audit-detail", "reporting:file-audit-detail", (SC,), args=pk_of(FileAudit)),
    # The monthly activity form: entry page and its save; the file-audit draw.
    BenchPage("activity-form-entry", "mentoring:activity-form-update", (SC, PP), "form",
              args=lambda u: [draft_form(u).pk]),
    BenchPage("activity-form-save", "mentoring:activity-form-update", (SC, PP), "post", method="POST",
              args=lambda u: [draft_form(u).pk], data=contacts_data, expect=(302,)),
    BenchPage("audit-draw", "reporting:audit-draw-create", (SC, SAC), "post", method="POST", data=draw_data, expect=(302,)),
    BenchPage("audit-draw-form", "reporting:audit-draw-create", (SC, SAC), "form"),
    # Issue 7: quarterly reports (R-SUP-5), dashboards, outcomes (R-OUT-1), meetings; issue 8's logs.
    BenchPage("quarterly-choose", "reporting:quarterly-choose", (SC, SAC, SW), "form"),
    BenchPage("quarterly-report-state", "reporting:quarterly-report", (SW, CM), "report", args=report_args("state"),
              budget_ms=1000),
    BenchPage("quarterly-report-area", "reporting:quarterly-report", (SAC,), "report", args=report_args("area")),
    BenchPage("quarterly-report-site", "reporting:quarterly-report", (SC,), "report", args=report_args("site")),
    BenchPage("quarterly-records", "reporting:quarterly-records", (SW,), "list",
              args=lambda u: [*report_args("state")(u), "served"]),
    BenchPage("quarterly-xlsx-state", "reporting:quarterly-download", (SW,), "export", method="POST", data=purpose,
              args=lambda u: [*report_args("state")(u), "xlsx"], budget_ms=3000),
    BenchPage("quarterly-csv-area", "reporting:quarterly-download", (SAC,), "export", method="POST", data=purpose,
              args=lambda u: [*report_args("area")(u), "csv"]),
    BenchPage("dashboard", "reporting:dashboard", (SAC, SW, CM), "home"),
    BenchPage("outcomes", "reporting:outcomes", (SC, SAC, SW, CM), "report"),
    BenchPage("meeting-list", "reporting:meeting-list", (SAC, SW), "list",
              admin=(Meeting, lambda u: {"area": u.service_area_id} if u.service_area_id else {}),
              floor=lambda u: page_of(Meeting.objects.visible_to(u), "pk", "kind", "held_on", "service_area__name")),
    BenchPage("access-log", "parentpartner:access-log", (SAC, SW), "list"),
    BenchPage("export-log", "parentpartner:export-log", (SW,), "list"),
]  # fmt: skip

# The coordinator's and SAC's daily pages, for the load test.
DAILY = {
    SC: ["home-coordinator", "worklist", "family-list", "family-detail", "activity-form-detail", "pp-list",
         "safety-concern-list", "supervision-list", "outreach-form-list"],
    SAC: ["home-areacoordinator", "worklist", "family-list", "pp-list", "safety-concern-list", "audit-draw-list",
          "review-case-list", "pay-report"],
}  # fmt: skip

__all__ = ["PAGES", "DAILY", "BenchPage", "Assignment"]
