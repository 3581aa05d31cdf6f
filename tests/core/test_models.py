import datetime

import pytest
from django.db import IntegrityError, transaction

from parentpartner import audit
from parentpartner.models import HistoryEntry, ParentPartner, PartnerRole, RoleAssignment
from parentpartner.services import door
from tests.factories import (
    CountyFactory,
    HistoryEntryFactory,
    ParentPartnerFactory,
    RoleAssignmentFactory,
    ServiceAreaFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_factories_build_every_model():
    assert ServiceAreaFactory().pk
    assert CountyFactory().service_area_id
    assert SiteFactory().counties.count() == 1
    assert ParentPartnerFactory().role_history.count() == 1
    assert RoleAssignmentFactory().pk
    assert UserFactory().check_password("a-long-test-password-42")
    assert HistoryEntryFactory().pk


def test_r_role_1_role_history_rows_may_not_overlap():
    with door._opened():  # the database constraint itself, under the door's models
        partner = ParentPartnerFactory(role_history=False)
        RoleAssignment.objects.create(
            parent_partner=partner, role=PartnerRole.IN_TRAINING, started_on=D(2024, 1, 1), ended_on=D(2025, 1, 1)
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(
                parent_partner=partner, role=PartnerRole.IN_TRAINING_MENTORING, started_on=D(2024, 6, 1)
            )


def test_r_role_1_only_one_open_role_at_a_time():
    with door._opened():  # the database constraint itself, under the door's models
        partner = ParentPartnerFactory(role_history=False)
        RoleAssignment.objects.create(parent_partner=partner, role=PartnerRole.IN_TRAINING, started_on=D(2024, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(
                parent_partner=partner, role=PartnerRole.PARENT_PARTNER, started_on=D(2025, 1, 1)
            )


def test_r_role_1_adjacent_roles_and_other_people_do_not_conflict():
    with door._opened():  # the database constraint itself, under the door's models
        partner, other = ParentPartnerFactory(role_history=False), ParentPartnerFactory(role_history=False)
        RoleAssignment.objects.create(
            parent_partner=partner, role=PartnerRole.IN_TRAINING, started_on=D(2024, 1, 1), ended_on=D(2025, 1, 1)
        )
        RoleAssignment.objects.create(
            parent_partner=partner, role=PartnerRole.IN_TRAINING_MENTORING, started_on=D(2025, 1, 1)
        )
        RoleAssignment.objects.create(parent_partner=other, role=PartnerRole.IN_TRAINING, started_on=D(2024, 6, 1))
        assert RoleAssignment.objects.count() == 3


def test_role_must_end_after_it_starts():
    partner = ParentPartnerFactory(role_history=False)
    with pytest.raises(IntegrityError), transaction.atomic(), door._opened():
        RoleAssignment.objects.create(
            parent_partner=partner, role=PartnerRole.IN_TRAINING, started_on=D(2024, 1, 1), ended_on=D(2023, 1, 1)
        )


def test_r_role_1_change_role_closes_the_old_row_and_opens_a_new_one():
    coordinator = UserFactory()
    partner = ParentPartnerFactory(role_history=False, current_role=PartnerRole.IN_TRAINING)
    RoleAssignmentFactory(parent_partner=partner, role=PartnerRole.IN_TRAINING, started_on=D(2024, 1, 1))

    door._change_role(
        partner, role=PartnerRole.IN_TRAINING_MENTORING, on=D(2025, 2, 1), user=coordinator, reason="Accepted"
    )

    history = list(partner.role_history.order_by("started_on").values_list("role", "started_on", "ended_on"))
    assert history == [
        (PartnerRole.IN_TRAINING, D(2024, 1, 1), D(2025, 2, 1)),
        (PartnerRole.IN_TRAINING_MENTORING, D(2025, 2, 1), None),
    ]
    partner.refresh_from_db()
    assert partner.current_role == PartnerRole.IN_TRAINING_MENTORING
    entry = audit.history_of(partner).get()
    assert entry.user == coordinator
    assert entry.changes["current role"] == ["Parent Partner in Training", "Parent Partner in Training Mentoring"]


def test_enrolment_records_the_first_role_and_a_history_row():
    coordinator = UserFactory()
    site = SiteFactory()
    partner = ParentPartner(
        first_name="Nova",
        last_name="Quill",
        site=site,
        county=site.counties.first(),
        permanency_type="reunified",
        permanency_date=D(2024, 1, 1),
    )
    door.enter(partner, started_on=D(2024, 8, 1), user=coordinator, today=D(2024, 8, 1))
    assert partner.role_history.get().started_on == D(2024, 8, 1)
    entry = audit.history_of(partner).get()
    assert entry.action == HistoryEntry.Action.CREATE
    assert entry.changes["first name"] == ["", "Nova"]


def test_history_rows_are_never_changed():
    entry = HistoryEntryFactory()
    entry.object_repr = "tampered"
    with pytest.raises(ValueError):
        entry.save()


def test_user_role_decides_admin_access():
    assert UserFactory(role="system_administrator").is_staff
    assert UserFactory(role="statewide_coordinator").is_staff
    assert not UserFactory(role="site_coordinator").is_staff
    assert not UserFactory(role="system_administrator").is_superuser


def test_area_roles_need_an_area():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role="service_area_coordinator", service_area=None)
