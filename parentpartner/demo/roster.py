"""The demo's organisation and people: the sites, one login per role, and 48 Parent Partners recorded
from the (fictional) paper roster through the door. Idempotent: every row is looked up by a natural key
before it is created. All people are invented; no name comes from the program's source documents."""

import datetime
import random

from parentpartner.demo import DEMO_PASSWORD
from parentpartner.models import (
    County,
    Language,
    LivedExperience,
    ParentPartner,
    PartnerRole,
    PartnerStatus,
    PermanencyType,
    Role,
    ServiceArea,
    Site,
    User,
)
from parentpartner.services import door

# (site name, service area, counties it covers)
SITES = [
    ("Sioux City Parent Partners", "Western", ["Woodbury", "Plymouth", "Monona", "Ida"]),
    ("Council Bluffs Parent Partners", "Western", ["Pottawattamie", "Mills", "Harrison", "Fremont"]),
    ("Mason City Parent Partners", "Northern", ["Cerro Gordo", "Worth", "Mitchell", "Franklin"]),
    ("Waterloo Parent Partners", "Northern", ["Black Hawk", "Bremer", "Butler"]),
    ("Davenport Parent Partners", "Eastern", ["Scott", "Clinton", "Muscatine"]),
    ("Dubuque Parent Partners", "Eastern", ["Dubuque", "Jackson", "Delaware"]),
    ("Cedar Rapids Parent Partners", "Cedar Rapids", ["Linn", "Benton", "Jones"]),
    ("Iowa City Parent Partners", "Cedar Rapids", ["Johnson", "Iowa", "Washington"]),
    ("Des Moines Parent Partners", "Des Moines", ["Polk", "Warren", "Dallas"]),
    ("Ames Parent Partners", "Des Moines", ["Story", "Boone", "Marshall"]),
]

# Invented names, combined deterministically.
FIRST_NAMES = [
    "Avery",
    "Brooke",
    "Carmen",
    "Dana",
    "Elena",
    "Felicia",
    "Gina",
    "Hope",
    "Imani",
    "Jolene",
    "Kendra",
    "Lacey",
    "Marisol",
    "Nadia",
    "Opal",
    "Paige",
    "Rosa",
    "Shayla",
    "Tamsin",
    "Vera",
    "Wren",
    "Yesenia",
    "Marcus",
    "Dwayne",
    "Tobias",
    "Reggie",
    "Owen",
    "Luis",
]
LAST_NAMES = [
    "Ashdown",
    "Brightwater",
    "Calloway",
    "Dunmore",
    "Ellery",
    "Fairbanks",
    "Greaves",
    "Holloway",
    "Ingram",
    "Juniper",
    "Kettering",
    "Larkspur",
    "Merriweather",
    "Northcott",
    "Oakhurst",
    "Pennington",
    "Quarry",
    "Redfern",
    "Stillwell",
    "Thistlewood",
    "Underhill",
    "Vantongeren",
    "Whitlock",
    "Yarrow",
]

# username, first, last, role, site names, service area
STAFF = [
    ("coordinator", "Casey", "Marlowe", Role.SITE_COORDINATOR, ["Des Moines Parent Partners"], None),
    (
        "coordinator2",
        "Jordan",
        "Pelletier",
        Role.SITE_COORDINATOR,
        ["Sioux City Parent Partners", "Council Bluffs Parent Partners"],
        None,
    ),
    ("areacoordinator", "Morgan", "Ashby", Role.SERVICE_AREA_COORDINATOR, [], "Des Moines"),
    ("statewide", "Riley", "Vandermeer", Role.STATEWIDE_COORDINATOR, [], None),
    ("contractmanager", "Quinn", "Halvorsen", Role.CONTRACT_MANAGER, [], None),
    ("clinician", "Harper", "Lindqvist", Role.CLINICIAN, ["Des Moines Parent Partners", "Ames Parent Partners"], None),
    ("liaison", "Emerson", "Tollefson", Role.DHS_LIAISON, [], "Des Moines"),
    ("sysadmin", "Sam", "Okonkwo", Role.SYSTEM_ADMINISTRATOR, [], None),
]

PARENT_PARTNER_LOGIN = "parentpartner"
PARTNER_COUNT = 48

# How a demo person's career unfolds: the roles they passed through, in order (R-ROLE-1).
CAREERS = [
    [PartnerRole.IN_TRAINING],
    [PartnerRole.IN_TRAINING, PartnerRole.IN_TRAINING_MENTORING],
    [PartnerRole.IN_TRAINING, PartnerRole.IN_TRAINING_MENTORING, PartnerRole.PARENT_PARTNER],
    [PartnerRole.IN_TRAINING, PartnerRole.IN_TRAINING_MENTORING, PartnerRole.PARENT_PARTNER],
    [PartnerRole.IN_TRAINING, PartnerRole.IN_TRAINING_MENTORING, PartnerRole.PARENT_PARTNER, PartnerRole.LEAD],
]


def sites() -> dict[str, Site]:
    sites = {}
    for name, area_name, county_names in SITES:
        area = ServiceArea.objects.get(name=area_name)
        site, created = Site.objects.get_or_create(
            name=name, defaults={"service_area": area, "phone": "515-555-0100", "address": "Main Street"}
        )
        if created:
            site.counties.set(County.objects.filter(name__in=county_names, service_area=area))
        sites[name] = site
    return sites


def parent_partners(rng: random.Random, today: datetime.date, sites: dict[str, Site]) -> list[ParentPartner]:
    site_list = list(sites.values())
    partners = []
    for index in range(PARTNER_COUNT):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
        # Every site gets people; the coordinator's site gets a few more so its pages are full.
        site = site_list[index % len(site_list)] if index % 4 else sites["Des Moines Parent Partners"]
        existing = ParentPartner.objects.filter(first_name=first, last_name=last).first()
        if existing:
            partners.append(existing)
            continue
        career = CAREERS[index % len(CAREERS)]
        # Each step takes six months to three years; the last one runs until today.
        steps = [rng.randint(180, 1100) for _ in career]
        started = today - datetime.timedelta(days=sum(steps))
        permanency_date = started - datetime.timedelta(days=rng.randint(190, 400))
        # The demo roster is the program's paper roster, recorded through the door's paper path.
        roles = []
        for role, days in zip(career, steps, strict=True):
            ended = started + datetime.timedelta(days=days)
            roles.append(door.PaperRole(role, started, ended if role != career[-1] else None))
            started = ended
        partner = door.record_from_paper(
            ParentPartner(
                first_name=first,
                last_name=last,
                email=f"{first}.{last}@example.org".lower(),
                phone=f"515-555-{1000 + index:04d}",
                date_of_birth=permanency_date - datetime.timedelta(days=rng.randint(20 * 365, 40 * 365)),
                county=rng.choice(list(site.counties.all())),
                languages=[Language.ENGLISH] + ([Language.SPANISH] if index % 6 == 0 else []),
                site=site,
                lived_experience=rng.sample([choice.value for choice in LivedExperience], k=rng.randint(1, 3)),
                permanency_type=PermanencyType.REUNIFIED if index % 5 else PermanencyType.TPR,
                permanency_date=permanency_date,
            ),
            user=None,
            roles=roles,
            approved_on=roles[-1].started_on if career[-1] != PartnerRole.IN_TRAINING else None,
            approved_by_name="DHS contract manager (paper file)" if career[-1] != PartnerRole.IN_TRAINING else "",
            notes="Recorded from the paper roster (demo)",
            status=PartnerStatus.PAUSED if index % 13 == 5 else PartnerStatus.ACTIVE,
        )
        partners.append(partner)
    return partners


def logins(sites: dict[str, Site], partners: list[ParentPartner]) -> None:
    for username, first, last, role, site_names, area_name in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "role": role,
                "service_area": ServiceArea.objects.get(name=area_name) if area_name else None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.sites.set([sites[name] for name in site_names])
    if not User.objects.filter(username=PARENT_PARTNER_LOGIN).exists():
        partner = next(
            p
            for p in partners
            if p.site.name == "Des Moines Parent Partners" and p.current_role == PartnerRole.PARENT_PARTNER
        )
        user = User(
            username=PARENT_PARTNER_LOGIN,
            first_name=partner.first_name,
            last_name=partner.last_name,
            email=partner.email,
            role=Role.PARENT_PARTNER,
            parent_partner=partner,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
