"""Load the whole demo, in order: the roster, each app's demo data, role progression."""

import importlib
import random
from types import SimpleNamespace

from django.test.utils import override_settings
from django.utils import timezone

from parentpartner.data import iowa_counties
from parentpartner.demo import progression, roster
from parentpartner.models import County, ParentPartner, ServiceArea, Site, User

APPS_WITH_DEMO_DATA = ["training", "eligibility", "mentoring", "reporting"]


def load() -> str:
    """Fill the database with the demo (idempotent); returns what it holds, for the command to say.
    Call it inside a transaction."""
    # Fictional demo data, the same on every run on purpose: no secret depends on it (nosec).
    rng = random.Random(20261122)  # nosec B311
    today = timezone.localdate()
    iowa_counties.load(ServiceArea, County)  # normally there already, from the migrations
    sites = roster.sites()
    partners = roster.parent_partners(rng, today, sites)
    roster.logins(sites, partners)
    demo = SimpleNamespace(
        sites=sites, partners=partners, users={u.username: u for u in User.objects.all()}, today=today, rng=rng
    )
    # Each app fills its own pages, in the order the apps build on each other (found by convention,
    # `<app>.demo`, as panels are: the core imports no app).
    for app in APPS_WITH_DEMO_DATA:
        importlib.import_module(f"{app}.demo").load(demo)
    # Role progression builds on all of them (R-ROLE-5, R-ROLE-6, R-ROLE-8). Its fictional signers
    # sign with their password only: the demo has no authenticator apps to ask a code of, whatever
    # TWO_FACTOR_REQUIRED says for the people who log in afterwards.
    with override_settings(TWO_FACTOR_REQUIRED=False):
        progression.load(demo)
    return (
        f"Demo data ready: {Site.objects.count()} sites, {ParentPartner.objects.count()} Parent Partners, "
        f"{User.objects.count()} logins."
    )
