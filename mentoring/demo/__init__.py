"""Mentoring demo data (`load`, called by the seed_demo command): families and their cases first, then
the outreach, supervision, clinical support, pay and safety pages' own rows, then a Parent Partner
found disqualified with families to reassign. All names are invented."""

from typing import Any

from mentoring.demo import families, support
from mentoring.models import Family


def load(demo: Any) -> None:
    first_time = not Family.objects.exists()
    families.load(demo)
    support.load(demo)
    if first_time:
        families.disqualified_with_a_family(demo)
