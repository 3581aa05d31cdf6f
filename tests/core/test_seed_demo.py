"""`seed_demo`: idempotent, every role has a login, and every person is fictional."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from parentpartner.models import County, ParentPartner, PartnerRole, Role, RoleAssignment, ServiceArea, Site, User

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_r_org_1_five_service_areas_and_ninety_nine_counties():
    seed()
    assert ServiceArea.objects.count() == 5
    assert County.objects.count() == 99
    assert County.objects.get(name="Polk").service_area.name == "Des Moines"


def test_seed_demo_is_idempotent_and_fills_every_role(settings):
    # `make run` loads the demo with production's default: two-step login required.
    settings.TWO_FACTOR_REQUIRED = True
    seed()
    counts = (Site.objects.count(), ParentPartner.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    seed()
    assert (
        Site.objects.count(),
        ParentPartner.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    ) == counts
    assert Site.objects.count() >= 8
    assert ParentPartner.objects.count() >= 40
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(ParentPartner.objects.values_list("current_role", flat=True)) == set(PartnerRole.values)


def test_r_role_1_demo_role_histories_end_in_the_current_role():
    seed()
    for partner in ParentPartner.objects.prefetch_related("role_history"):
        rows = sorted(partner.role_history.all(), key=lambda row: row.started_on)
        # A role that ended (a disqualifier, "no longer eligible", an end) is closed, kept in the history.
        ended = partner.status == "inactive"
        assert rows[-1].role == partner.current_role and (rows[-1].ended_on is not None) == ended
        assert all(earlier.ended_on == later.started_on for earlier, later in zip(rows, rows[1:], strict=False))


def test_demo_people_are_fictional():
    """No demo person shares a full name, or a surname, with anyone named in the source documents."""
    if not SEEDS.is_dir():  # A checkout without the program's shared/ folder beside it; CI always has it.
        pytest.skip(f"the source documents are not at {SEEDS}")
    seed()
    text = " ".join(path.read_text(errors="ignore") for path in SEEDS.glob("*.txt"))
    assert text
    capitalised = set(re.findall(r"\b[A-Z][a-z]+\b", text))
    people = [(p.first_name, p.last_name) for p in ParentPartner.objects.all()]
    people += [(u.first_name, u.last_name) for u in User.objects.all()]
    for first, last in people:
        assert f"{first} {last}" not in text
        assert last not in capitalised, f"{last} appears in the seed documents"


def test_the_demo_shows_each_refusal_of_the_door():
    """Issue 13: a person under review, one disqualified whose family waits for reassignment, and the
    roster recorded from paper; the disqualified person cannot be approved or reinstated."""
    from django.utils import timezone

    from eligibility.models import ReviewCase
    from mentoring.models import Assignment
    from parentpartner.services import gates

    seed()
    assert ReviewCase.objects.open().exists()
    disqualified = ParentPartner.objects.filter(eligibility_record__disqualifiers__isnull=False, status="inactive")
    waiting = Assignment.objects.filter(ended_on__isnull=True, parent_partner__in=disqualified)
    assert waiting.exists()
    person = waiting.first().parent_partner
    assert gates.blockers(person, gates.Change.REINSTATE, timezone.localdate())
    assert RoleAssignment.objects.filter(from_paper=True, approved_on__isnull=False).exists()
