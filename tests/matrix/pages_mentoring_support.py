"""Community outreach, supervision, clinical support, pay and safety concern pages in the permission
matrix (see tests/matrix/test_permissions.py)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from mentoring.models import (
    ClinicalSupportSession,
    FormStatus,
    OutreachActivity,
    OutreachForm,
    PayRate,
    RateKind,
    SafetyConcern,
    SafetyStatus,
    SupervisionSession,
)
from parentpartner.models import ExportLog, Role
from tests.factories import (
    AssignmentFactory,
    CaseFactory,
    ClinicalSupportSessionFactory,
    OutreachActivityFactory,
    OutreachFormFactory,
    SafetyConcernFactory,
    SupervisionSessionFactory,
)
from tests.matrix import COORDINATORS, STAFF, Page, export_purpose, partner_at, site_at

TODAY = timezone.localdate()
RECENT = (TODAY - datetime.timedelta(days=1)).isoformat()
MONTH = TODAY.replace(day=1)
OUTREACH_ROWS = (OutreachForm, OutreachActivity)
SAFETY_ROWS = (SafetyConcern,)
PAY = COORDINATORS | {Role.CONTRACT_MANAGER}
RATE_DAYS = {"a1": datetime.date(2025, 1, 1), "a2": datetime.date(2025, 2, 1), "b1": datetime.date(2025, 3, 1)}


def rate_at(world, suffix):
    """A per-mile rate: rates are the state's, the same for every site (unscoped)."""
    rate, _ = PayRate.objects.get_or_create(
        kind=RateKind.MILEAGE,
        effective_from=RATE_DAYS[suffix],
        defaults={"amount": Decimal("0.655"), "recorded_by": world.users[Role.STATEWIDE_COORDINATOR]},
    )
    return rate


def rate_data(world, rate, *_):
    if rate is None:
        return {"kind": RateKind.HOURLY, "amount": "16.50", "effective_from": RECENT, "note": "New contract year"}
    return {
        "kind": rate.kind,
        "amount": "0.700",
        "effective_from": rate.effective_from.isoformat(),
        "note": "Typed wrongly",
        "version": rate.version,
    }


def outreach_form_at(world, suffix, status=FormStatus.DRAFT):
    form = OutreachFormFactory(parent_partner=partner_at(world, suffix), month=MONTH, status=status)
    OutreachActivityFactory(form=form, held_on=MONTH)
    return form


def submitted_outreach_form_at(world, suffix):
    return outreach_form_at(world, suffix, FormStatus.SUBMITTED)


def new_outreach_data(world, *_):
    # Last month: the own Parent Partner has no form for it yet.
    previous = (MONTH - datetime.timedelta(days=1)).replace(day=1)
    return {"parent_partner": world.pp_a1.pk, "month": f"{previous:%Y-%m}"}


def lines_data(world, form, *_):
    line = form.activities.get()
    return {
        "version": form.version,
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-id": line.pk,
        "lines-0-form": form.pk,
        "lines-0-held_on": line.held_on.isoformat(),
        "lines-0-kind": "speaking",
        "lines-0-description": "Program awareness talk",
        "lines-0-hours": "1.5",
        "lines-0-miles": "4",
        "lines-1-form": form.pk,
    }


def case_of(world, suffix):
    """A family of the site with the site's Parent Partner assigned now."""
    return AssignmentFactory(
        case=CaseFactory(family__site=site_at(world, suffix), status="active"), parent_partner=partner_at(world, suffix)
    ).case


def supervision_at(world, suffix):
    return SupervisionSessionFactory(parent_partner=partner_at(world, suffix))


def supervision_data(world, entry, *_):
    partner = world.pp_a1 if entry is None else entry.parent_partner
    return {
        "parent_partner": partner.pk,
        "held_on": RECENT if entry is None else (TODAY - datetime.timedelta(days=3)).isoformat(),
        "notes": "Court date next week",
        "version": entry.version if entry else "",
    }


def clinical_at(world, suffix):
    return ClinicalSupportSessionFactory(site=site_at(world, suffix), attendees=[partner_at(world, suffix)])


def clinical_data(world, session, *_):
    site = world.site_a1 if session is None else session.site
    return {
        "site": site.pk,
        "held_on": RECENT,
        "clinician": "A licensed clinician",
        "format": "group",
        "attendees": [site.parent_partners.first().pk],
        "version": session.version if session else "",
    }


def concern_at(world, suffix, **kwargs):
    case = case_of(world, suffix)
    return SafetyConcernFactory(case=case, parent_partner=partner_at(world, suffix), **kwargs)


def referral_concern_at(world, suffix):
    return concern_at(world, suffix, child_present=True)


def told_concern_at(world, suffix):
    return concern_at(
        world,
        suffix,
        status=SafetyStatus.AWAITING_COORDINATOR,
        participant_told_on=TODAY,
        participant_told_recorded_by=world.users[Role.PARENT_PARTNER],
    )


def new_concern_data(world, *_):
    return {
        "case": case_of(world, "a1").pk,
        "parent_partner": "",
        "known_on": RECENT,
        "how_known": "told",
        "kind": "case_plan",
        "description": "Missed two treatment sessions and asked me not to tell anyone.",
        "child_present": "False",
        "imminent_danger": "False",
    }


def step_data(prefix, **extra):
    def data(world, concern, *_):
        return {f"{prefix}-on": TODAY.isoformat(), f"{prefix}-version": concern.version, **extra}

    return data


PAGES = [
    Page("mentoring:outreach-form-list", STAFF | {Role.PARENT_PARTNER}),
    Page(
        "mentoring:outreach-form-create",
        COORDINATORS | {Role.PARENT_PARTNER},
        post=new_outreach_data,
        watch=OUTREACH_ROWS,
    ),
    Page(
        "mentoring:outreach-form-detail",
        STAFF | {Role.PARENT_PARTNER},
        outreach_form_at,
        own_only={Role.PARENT_PARTNER},
    ),
    Page(
        "mentoring:outreach-form-update",
        COORDINATORS | {Role.PARENT_PARTNER},
        outreach_form_at,
        lines_data,
        watch=OUTREACH_ROWS,
        own_only={Role.PARENT_PARTNER},
    ),
    Page(
        "mentoring:outreach-form-submit",
        COORDINATORS | {Role.PARENT_PARTNER},
        outreach_form_at,
        lambda w, form, *_: {"action": "submit", "version": form.version},
        watch=OUTREACH_ROWS,
        own_only={Role.PARENT_PARTNER},
        post_only=True,
    ),
    Page(
        "mentoring:outreach-form-review",
        COORDINATORS,
        submitted_outreach_form_at,
        lambda w, form, *_: {"action": "approve", "version": form.version},
        watch=OUTREACH_ROWS,
        post_only=True,
    ),
    Page("mentoring:supervision-list", STAFF),
    Page(
        "mentoring:supervision-create",
        COORDINATORS,
        post=lambda w, *_: supervision_data(w, None),
        watch=(SupervisionSession,),
    ),
    Page("mentoring:supervision-detail", STAFF, supervision_at),
    Page("mentoring:supervision-update", COORDINATORS, supervision_at, supervision_data, watch=(SupervisionSession,)),
    Page("mentoring:support-flags", STAFF),
    Page("mentoring:clinical-support-list", STAFF),
    Page(
        "mentoring:clinical-support-create",
        COORDINATORS | {Role.CLINICIAN},
        post=lambda w, *_: clinical_data(w, None),
        watch=(ClinicalSupportSession,),
    ),
    Page("mentoring:clinical-support-detail", STAFF, clinical_at),
    Page(
        "mentoring:clinical-support-update",
        COORDINATORS | {Role.CLINICIAN},
        clinical_at,
        clinical_data,
        watch=(ClinicalSupportSession,),
    ),
    Page("mentoring:pay-report", PAY),
    Page("mentoring:pay-report-csv", PAY, post=export_purpose, watch=(ExportLog,), post_status=200),
    Page("mentoring:pay-report-xlsx", PAY, post=export_purpose, watch=(ExportLog,), post_status=200),
    Page("mentoring:pay-rate-list", PAY),
    Page("mentoring:pay-rate-create", {Role.STATEWIDE_COORDINATOR}, post=rate_data, watch=(PayRate,)),
    Page(
        "mentoring:pay-rate-update",
        {Role.STATEWIDE_COORDINATOR},
        rate_at,
        rate_data,
        watch=(PayRate,),
        unscoped=True,
    ),
    Page("mentoring:safety-concern-list", STAFF | {Role.PARENT_PARTNER}),
    Page(
        "mentoring:safety-concern-create",
        COORDINATORS | {Role.PARENT_PARTNER},
        post=new_concern_data,
        watch=SAFETY_ROWS,
    ),
    Page("mentoring:safety-concern-detail", STAFF | {Role.PARENT_PARTNER}, concern_at, own_only={Role.PARENT_PARTNER}),
    Page(
        "mentoring:safety-concern-referral",
        COORDINATORS,
        referral_concern_at,
        step_data("referral"),
        watch=SAFETY_ROWS,
        post_only=True,
    ),
    Page(
        "mentoring:safety-concern-self-report",
        COORDINATORS | {Role.PARENT_PARTNER},
        concern_at,
        step_data("self_report", **{"self_report-confirmed": "on"}),
        watch=SAFETY_ROWS,
        own_only={Role.PARENT_PARTNER},
        post_only=True,
    ),
    Page(
        "mentoring:safety-concern-participant-told",
        COORDINATORS | {Role.PARENT_PARTNER},
        concern_at,
        step_data("participant_told"),
        watch=SAFETY_ROWS,
        own_only={Role.PARENT_PARTNER},
        post_only=True,
    ),
    Page(
        "mentoring:safety-concern-caseworker-informed",
        COORDINATORS,
        told_concern_at,
        step_data("coordinator_informed"),
        watch=SAFETY_ROWS,
        post_only=True,
    ),
]
