"""The mentoring app's pages in the permission matrix (see tests/matrix/test_permissions.py)."""

from django.utils import timezone

from mentoring.models import ActivityForm, Assignment, Case, CaseStatus, Child, Contact, Family
from parentpartner.models import Role
from tests.factories import (
    ActivityFormFactory,
    AssignmentFactory,
    CaseFactory,
    FamilyFactory,
    ParentPartnerFactory,
    TrainingCompletionFactory,
    training,
)
from tests.matrix import COORDINATORS, STAFF, Page, partner_at, site_at

TODAY = timezone.localdate()
FAMILY_ROWS = (Family, Child, Case, Assignment)
FORM_ROWS = (ActivityForm, Contact)
EDITORS = COORDINATORS | {Role.PARENT_PARTNER}


def assignment_at(world, suffix):
    """A current assignment of the site's own Parent Partner (so "own" is the Parent Partner's own)."""
    site = site_at(world, suffix)
    return AssignmentFactory(case__family__site=site, parent_partner=partner_at(world, suffix))


def family_at(world, suffix):
    return assignment_at(world, suffix).case.family


def awaiting_case_at(world, suffix):
    return CaseFactory(family__site=site_at(world, suffix))


def active_case_at(world, suffix):
    return assignment_at(world, suffix).case


def closed_family_at(world, suffix):
    family = FamilyFactory(site=site_at(world, suffix))
    CaseFactory(family=family, status=CaseStatus.CLOSED, closed_on=TODAY, closed_by="mutual", outcome="reunified")
    return family


def draft_form_at(world, suffix):
    return ActivityFormFactory(assignment=assignment_at(world, suffix))


def family_data(world, family=None, *_):
    site = family.site if family else world.site_a1
    return {
        "family-parent_first_name": "Renamed" if family else "Rowan",
        "family-parent_last_name": family.parent_last_name if family else "Newfamily",
        "family-site": site.pk,
        "family-county": site.counties.first().pk,
        "family-dhs_case_number": "DHS-777",
        "family-caseworker_name": "Casey Caseworker",
        "family-language": "en",
        "family-version": family.version if family else "",
        "children-TOTAL_FORMS": "1",
        "children-INITIAL_FORMS": "0",
        "children-0-age": "3",
        "children-0-placement": "foster_care",
        "referral-source": "traditional",
        "referral-referred_on": TODAY.isoformat(),
        "referral-referred_by": "Casey Caseworker",
        "referral-consent_given": "on",
        "referral-consent_on": TODAY.isoformat(),
    }


def referral_data(*_):
    return {
        "source": "traditional",
        "referred_on": TODAY.isoformat(),
        "referred_by": "A caseworker",
        "consent_given": "on",
        "consent_on": TODAY.isoformat(),
    }


def qualified_partner_for(world, case, *_):
    """A Parent Partner at the case's site who passes the training gate."""
    partner = ParentPartnerFactory(site=case.family.site, current_role="pp")
    for number in range(1, 7):
        TrainingCompletionFactory(parent_partner=partner, training=training(number))
    return {"parent_partner": partner.pk}


def contacts_data(world, form, *_):
    return {
        "version": form.version,
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-contacted_on": form.month.isoformat(),
        "contacts-0-method": "phone",
        "contacts-0-activity": "encouragement",
        "contacts-0-minutes": "30",
        "contacts-0-miles": "0",
    }


PAGES = [
    Page("mentoring:worklist", STAFF),
    Page("mentoring:family-list", STAFF),
    Page("mentoring:family-create", COORDINATORS, post=lambda w, *_: family_data(w), watch=FAMILY_ROWS),
    Page("mentoring:family-detail", STAFF | {Role.PARENT_PARTNER}, family_at),
    Page("mentoring:family-update", COORDINATORS, family_at, family_data, watch=FAMILY_ROWS),
    Page("mentoring:referral-create", COORDINATORS, closed_family_at, referral_data, watch=FAMILY_ROWS),
    Page("mentoring:case-match", COORDINATORS, awaiting_case_at, qualified_partner_for, watch=(Assignment,)),
    Page(
        "mentoring:case-reassign",
        COORDINATORS,
        active_case_at,
        lambda w, case, *_: {"reason": "knows_family", "version": case.version},
        watch=FAMILY_ROWS,
        post_only=True,
    ),
    Page(
        "mentoring:case-close",
        COORDINATORS,
        active_case_at,
        lambda w, case, *_: {
            "closed_by": "mutual",
            "outcome": "reunified",
            "closed_on": TODAY.isoformat(),
            "version": case.version,
        },
        watch=FAMILY_ROWS,
    ),
    Page(
        "mentoring:activity-form-start",
        EDITORS,
        lambda w, s: assignment_at(w, s),
        lambda *_: {"month": TODAY.strftime("%Y-%m")},
        watch=FORM_ROWS,
        post_only=True,
    ),
    Page("mentoring:activity-form-detail", STAFF | {Role.PARENT_PARTNER}, draft_form_at),
    Page("mentoring:activity-form-update", EDITORS, draft_form_at, contacts_data, watch=FORM_ROWS),
    Page(
        "mentoring:activity-form-review",
        EDITORS,
        draft_form_at,
        lambda w, form, *_: {"action": "submit", "version": form.version},
        watch=FORM_ROWS,
        post_only=True,
    ),
]
