"""Who may take part in training now, as the veteran shadowed (R-ROLE-4) or a BABF co-trainer, trainer
or applicant (R-TRN-3, R-TRN-4): the outcomes of eligibility take effect in training (R-ELIG-2,
R-REV-4). Eligibility decides (`eligibility.services.may_mentor`); this module words its answer for
training's pages. It sits beside the models because their `clean()` asks it, so that every form,
service and admin page that saves a shadowing record or a session asks the same question."""

from django.db.models import QuerySet

from eligibility.models import Disqualifier
from eligibility.services import may_mentor, who_may_mentor
from parentpartner.dates import long_date
from parentpartner.models import ParentPartner, PartnerStatus


def taking_part_refusal(partner: ParentPartner) -> str | None:
    """Why `partner` may not be the veteran shadowed (R-ROLE-4) or a BABF co-trainer or trainer
    (R-TRN-3, R-TRN-4) now, or None. Their status must be active and `eligibility.services.may_mentor`
    must allow them: no absolute disqualifier (R-ELIG-2), no open review case that stops mentoring,
    no "stop mentoring" or "no longer eligible" outcome that is not reinstated (R-REV-4). Plain words
    for the page, without the eligibility app's record numbers."""
    if partner.status != PartnerStatus.ACTIVE:
        return f"their status is {partner.get_status_display().lower()}"
    answer = may_mentor(partner)
    if answer.allowed:
        return None
    if answer.case is None:
        return "an absolute disqualifier is recorded for them"
    if answer.case.is_open:
        return f"a review case opened on {long_date(answer.case.opened_on)} stops them mentoring while it is open"
    return (
        f"a review case ended on {long_date(answer.case.closed_day)} with the outcome "
        f"“{answer.case.get_outcome_display().lower()}”, and no reinstatement is recorded"
    )


def taking_part(partners: "QuerySet[ParentPartner]") -> "QuerySet[ParentPartner]":
    """The queryset form of `taking_part_refusal`, for the choices a form offers: active people whom
    eligibility lets mentor now. No query of its own."""
    return who_may_mentor(partners.filter(status=PartnerStatus.ACTIVE))


def is_disqualified(partner: ParentPartner) -> bool:
    """R-ELIG-2: an absolute disqualifier is recorded for `partner`."""
    return Disqualifier.objects.filter(record__parent_partner=partner).exists()
