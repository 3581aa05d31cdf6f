"""Seed data for R-ORG-1: Iowa's 99 counties grouped into the five DHS service areas.

Every county belongs to exactly one service area. The assignment below is a
plausible one drawn by geography (western third, north-central/north-east,
the Mississippi river corridor, east-central, and central Iowa); it is not an
authoritative copy of the DHS map. A statewide coordinator can correct any
county's service area in the admin after seeding.
"""

SERVICE_AREAS = ["Western", "Northern", "Eastern", "Cedar Rapids", "Des Moines"]

COUNTIES: dict[str, list[str]] = {
    # Sioux City / Council Bluffs region: the western third of the state.
    "Western": [
        "Audubon",
        "Buena Vista",
        "Carroll",
        "Cass",
        "Cherokee",
        "Clay",
        "Crawford",
        "Dickinson",
        "Fremont",
        "Harrison",
        "Ida",
        "Lyon",
        "Mills",
        "Monona",
        "Montgomery",
        "O'Brien",
        "Osceola",
        "Page",
        "Plymouth",
        "Pottawattamie",
        "Sac",
        "Shelby",
        "Sioux",
        "Woodbury",
    ],
    # Fort Dodge / Mason City / Waterloo: north-central and north-east.
    "Northern": [
        "Allamakee",
        "Black Hawk",
        "Bremer",
        "Butler",
        "Cerro Gordo",
        "Chickasaw",
        "Clayton",
        "Emmet",
        "Fayette",
        "Floyd",
        "Franklin",
        "Hancock",
        "Howard",
        "Humboldt",
        "Kossuth",
        "Mitchell",
        "Palo Alto",
        "Pocahontas",
        "Webster",
        "Winnebago",
        "Winneshiek",
        "Worth",
        "Wright",
    ],
    # Dubuque / Davenport / Burlington: along the Mississippi and the south-east.
    "Eastern": [
        "Cedar",
        "Clinton",
        "Delaware",
        "Des Moines",
        "Dubuque",
        "Henry",
        "Jackson",
        "Jefferson",
        "Jones",
        "Lee",
        "Louisa",
        "Muscatine",
        "Scott",
        "Van Buren",
        "Washington",
    ],
    # Cedar Rapids / Iowa City / Ottumwa: east-central and south-central.
    "Cedar Rapids": [
        "Appanoose",
        "Benton",
        "Buchanan",
        "Davis",
        "Grundy",
        "Iowa",
        "Johnson",
        "Keokuk",
        "Linn",
        "Mahaska",
        "Monroe",
        "Poweshiek",
        "Tama",
        "Wapello",
        "Wayne",
    ],
    # Des Moines / Ames: central Iowa and the south-central tier.
    "Des Moines": [
        "Adair",
        "Adams",
        "Boone",
        "Calhoun",
        "Clarke",
        "Dallas",
        "Decatur",
        "Greene",
        "Guthrie",
        "Hamilton",
        "Hardin",
        "Jasper",
        "Lucas",
        "Madison",
        "Marion",
        "Marshall",
        "Polk",
        "Ringgold",
        "Story",
        "Taylor",
        "Union",
        "Warren",
    ],
}


def _check_the_table():
    """The table is checked on import (not with assert, which `python -O` strips)."""
    all_counties = [name for names in COUNTIES.values() for name in names]
    problems = {
        f"expected 99 county entries, got {len(all_counties)}": len(all_counties) != 99,
        "a county is listed more than once": len(set(all_counties)) != 99,
        "COUNTIES keys must match SERVICE_AREAS": set(SERVICE_AREAS) != set(COUNTIES),
        "county lists must be sorted": not all(names == sorted(names) for names in COUNTIES.values()),
    }
    found = [problem for problem, failed in problems.items() if failed]
    if found:
        raise ValueError("; ".join(found))


_check_the_table()


def load(service_area_model, county_model) -> None:
    """Create the areas and counties that are missing; never move an existing county, since a
    statewide coordinator may have corrected it. Takes the model classes so that the data migration
    can pass its historical models."""
    for area_name in SERVICE_AREAS:
        area, _ = service_area_model.objects.get_or_create(name=area_name)
        for county_name in COUNTIES[area_name]:
            county_model.objects.get_or_create(name=county_name, defaults={"service_area": area})
