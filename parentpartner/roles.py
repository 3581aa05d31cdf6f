"""The logins' roles, as constants every app names (R-ORG-1..3). A module of its own, importing no
model, so that `parentpartner.access` can decide by role without importing the models (which import
access for their scoped querysets)."""

from django.db import models


class Role(models.TextChoices):
    """Staff and Parent Partner logins. A user holds exactly one (R-ORG-2, R-ORG-3)."""

    SITE_COORDINATOR = "site_coordinator", "Site coordinator"
    SERVICE_AREA_COORDINATOR = "service_area_coordinator", "Service area coordinator"
    STATEWIDE_COORDINATOR = "statewide_coordinator", "Statewide coordinator"
    CONTRACT_MANAGER = "contract_manager", "DHS contract manager"
    CLINICIAN = "clinician", "Clinician"
    DHS_LIAISON = "dhs_liaison", "DHS liaison"
    PARENT_PARTNER = "parent_partner", "Parent Partner"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"
