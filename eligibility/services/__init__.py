"""The rules of eligibility (R-ELIG-1, R-ELIG-2) and of review cases (protocol E, R-REV-1..4), by
feature:

- `screening`: starting a screening, the criteria checks, the DHS review, the absolute disqualifiers,
  and `eligibility_for(partner, role, today=None)`: is this person eligible for role X today, and if
  not, what is missing? Role progression and matching ask it.
- `mentoring`: `may_mentor(partner, today=None)`: may this person mentor now, and if not, why?
  Matching and reassignments ask it.
- `review_cases`: opening a case, its steps as a state machine (`PROTOCOL_E`), the outcome and the
  reinstatement.
- `review_parts`: the review team and the behavioural plan.
- `queries`: what the list pages load.

Every change runs in one transaction, locks the row it changes, checks the version the user started
from, and leaves a history row (`parentpartner.records`). The names other apps and the tests use are
importable from `eligibility.services` itself.
"""

# The model a caller starts a screening with; tests/core/test_door.py reads it from here.
from eligibility.models import EligibilityRecord
from eligibility.services.mentoring import MentoringPermission, may_mentor, mentoring_from, who_may_mentor
from eligibility.services.review_cases import (
    PROTOCOL_E,
    RESULT_LABELS,
    advance,
    next_move,
    open_case,
    set_mentoring_while_open,
    steps_awaiting,
)
from eligibility.services.review_parts import TEAM_STEPS, add_plan_item, add_team_member, plan_is_open
from eligibility.services.screening import (
    Eligibility,
    add_months,
    eligibility_for,
    evaluate,
    loaded,
    record_check,
    record_disqualifier,
    record_of,
    start_screening,
    substance_abuse_was_an_issue,
)

__all__ = [
    "PROTOCOL_E",
    "RESULT_LABELS",
    "TEAM_STEPS",
    "Eligibility",
    "EligibilityRecord",
    "MentoringPermission",
    "add_months",
    "add_plan_item",
    "add_team_member",
    "advance",
    "eligibility_for",
    "evaluate",
    "loaded",
    "may_mentor",
    "mentoring_from",
    "next_move",
    "open_case",
    "plan_is_open",
    "record_check",
    "record_disqualifier",
    "record_of",
    "set_mentoring_while_open",
    "start_screening",
    "steps_awaiting",
    "substance_abuse_was_an_issue",
    "who_may_mentor",
]
