"""Time and mileage for pay (R-ROLE-7, handbook C.IX): every program activity counts, each at the rates
the statewide coordinator set that were in force on its date, through the pages as the roles use them.

The month paid is last month, whatever day the suite runs on: every date below lies inside it.
"""

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.models import FormStatus, OutreachForm, OutreachKind, PayRate, RateKind
from mentoring.services import pay
from parentpartner.dates import first_of_month, long_date, previous_month
from parentpartner.models import HistoryEntry, Role
from tests.factories import (
    ActivityFormFactory,
    AssignmentFactory,
    ContactFactory,
    OutreachActivityFactory,
    OutreachFormFactory,
    ParentPartnerFactory,
)

DAY = datetime.timedelta(days=1)
MONTH = first_of_month(timezone.localdate())
LAST_MONTH = previous_month(MONTH)
MID_MONTH = LAST_MONTH + 14 * DAY  # the 15th: a rate change in the middle of the month paid
LONG_AGO = datetime.date(2020, 1, 1)


def cents(value) -> Decimal:
    """PostgreSQL's round(): half away from zero."""
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def staff(world, role):
    return world.users[role]


def set_rate(client, kind, amount, day, note=""):
    """The statewide coordinator adds a rate on the rates page."""
    data = {"kind": kind, "amount": amount, "effective_from": day.isoformat(), "note": note}
    return client.post(reverse("mentoring:pay-rate-create"), data)


def set_rates(login, world, *rates):
    client = login(staff(world, Role.STATEWIDE_COORDINATOR))
    for kind, amount, day in rates:
        assert set_rate(client, kind, amount, day).status_code == 302


def approved_activity(partner, month, *day_minutes_miles, status=FormStatus.APPROVED):
    """A monthly activity form with its contacts (the activity form pages are tested elsewhere)."""
    form = ActivityFormFactory(
        # Assigned by the month's first day, so that its contacts fall inside the assignment (R-FAM-7).
        assignment=AssignmentFactory(case__family__site=partner.site, parent_partner=partner, assigned_on=month),
        month=month,
        status=status,
    )
    for day, minutes, miles in day_minutes_miles:
        ContactFactory(form=form, contacted_on=day, minutes=minutes, miles=miles)
    return form


def approved_outreach(partner, month, *lines, status=FormStatus.APPROVED):
    """lines: (day, kind, hours, miles)."""
    form = OutreachFormFactory(parent_partner=partner, month=month, status=status)
    for day, kind, hours, miles in lines:
        OutreachActivityFactory(form=form, held_on=day, kind=kind, hours=hours, miles=miles)
    return form


def pay_page(login, user, month=LAST_MONTH):
    response = login(user).get(reverse("mentoring:pay-report"), {"month": f"{month:%Y-%m}"})
    assert response.status_code == 200
    return response


def statement_of(response, partner) -> pay.Statement:
    return dict((person.pk, statement) for person, statement in response.context["rows"])[partner.pk]


def by_label(statement) -> dict:
    return dict(statement.kinds)


# --- the rates (set by the statewide coordinator, audited) ---------------------------------------


def test_r_role_7_statewide_coordinator_sets_and_corrects_rates_with_a_history_row(login, world):
    client = login(staff(world, Role.STATEWIDE_COORDINATOR))
    response = set_rate(client, RateKind.HOURLY, "16.50", MID_MONTH, "Contract year")
    assert response.status_code == 302 and response.url == reverse("mentoring:pay-rate-list")
    rate = PayRate.objects.get()
    assert (rate.kind, rate.amount, rate.recorded_by) == (
        RateKind.HOURLY,
        Decimal("16.50"),
        staff(world, Role.STATEWIDE_COORDINATOR),
    )
    created = HistoryEntry.objects.get(object_id=str(rate.pk), action=HistoryEntry.Action.CREATE)
    assert created.changes["rate in dollars"] == ["", "16.500"]
    # A correction: another history row with the old and the new amount.
    data = {"kind": "hourly", "amount": "16.75", "effective_from": MID_MONTH.isoformat(), "note": "", "version": 1}
    assert client.post(reverse("mentoring:pay-rate-update", args=[rate.pk]), data).status_code == 302
    updated = HistoryEntry.objects.get(object_id=str(rate.pk), action=HistoryEntry.Action.UPDATE)
    assert updated.changes["rate in dollars"] == ["16.500", "16.750"]
    page = client.get(reverse("mentoring:pay-rate-list")).content.decode()
    assert "$16.75" in page and MID_MONTH.strftime("%b") in page and "Change history" in page
    assert f"{long_date(MID_MONTH)}" in page


def test_r_role_7_a_second_rate_on_the_same_day_and_an_implausible_rate_are_refused(login, world):
    client = login(staff(world, Role.STATEWIDE_COORDINATOR))
    set_rate(client, RateKind.MILEAGE, "0.655", MID_MONTH)
    again = set_rate(client, RateKind.MILEAGE, "0.70", MID_MONTH)
    assert again.status_code == 200
    assert f"There is already a rate of this kind from {long_date(MID_MONTH)}" in again.content.decode()
    too_much = set_rate(client, RateKind.MILEAGE, "65.5", MID_MONTH + DAY)
    assert "A per-mile rate above $5 is not plausible" in too_much.content.decode()
    negative = set_rate(client, RateKind.HOURLY, "-1", MID_MONTH)
    assert negative.status_code == 200
    assert PayRate.objects.count() == 1
    # Nobody but the statewide coordinator sets rates; the others who read the report read them.
    coordinator = login(staff(world, Role.SITE_COORDINATOR))
    assert set_rate(coordinator, RateKind.HOURLY, "99", MID_MONTH).status_code == 403
    assert coordinator.get(reverse("mentoring:pay-rate-list")).status_code == 200
    assert PayRate.objects.count() == 1


# --- every kind of activity counts ---------------------------------------------------------------


def test_r_role_7_every_program_activity_is_paid_through_the_pages(login, world):
    """The Parent Partner records their contacts and, on the community outreach form, community outreach,
    a presentation, a training attended, supervision, clinical support and a program meeting; the
    coordinator approves; the coordinator's pay page shows each kind with its hours, miles and amounts."""
    set_rates(login, world, (RateKind.HOURLY, "15.00", LONG_AGO), (RateKind.MILEAGE, "0.50", LONG_AGO))
    partner = world.pp_a1
    approved_activity(partner, LAST_MONTH, (LAST_MONTH, 90, 10), (LAST_MONTH + DAY, 45, 0))
    # The Parent Partner fills in and submits the outreach form on its pages.
    own = login(staff(world, Role.PARENT_PARTNER))
    created = own.post(
        reverse("mentoring:outreach-form-create"), {"parent_partner": partner.pk, "month": f"{LAST_MONTH:%Y-%m}"}
    )
    assert created.status_code == 302
    form = OutreachForm.objects.get(parent_partner=partner, month=LAST_MONTH)
    lines = [
        (OutreachKind.COMMITTEE, "County child welfare committee", "2", "10"),
        (OutreachKind.SPEAKING, "Program awareness talk", "1.5", "4"),
        (OutreachKind.TRAINING_ATTENDED, "Mental Health training", "3", "20"),
        (OutreachKind.SUPERVISION, "Weekly supervision", "1", "6"),
        (OutreachKind.CLINICAL_SUPPORT, "Monthly group session", "1.5", "6"),
        (OutreachKind.PROGRAM_MEETING, "Steering committee meeting", "2", "30"),
    ]
    data = {
        "version": form.version,
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, (kind, description, hours, miles) in enumerate(lines):
        data.update(
            {
                f"lines-{index}-form": form.pk,
                f"lines-{index}-held_on": (LAST_MONTH + (index + 2) * DAY).isoformat(),
                f"lines-{index}-kind": kind,
                f"lines-{index}-description": description,
                f"lines-{index}-hours": hours,
                f"lines-{index}-miles": miles,
            }
        )
    assert own.post(reverse("mentoring:outreach-form-update", args=[form.pk]), data).status_code == 302
    form.refresh_from_db()
    submit = {"action": "submit", "version": form.version}
    assert own.post(reverse("mentoring:outreach-form-submit", args=[form.pk]), submit).status_code == 302
    # Not approved yet: not paid.
    coordinator = staff(world, Role.SITE_COORDINATOR)
    response = pay_page(login, coordinator)
    assert by_label(statement_of(response, partner)).keys() == {"Contacts with families"}
    assert response.context["not_yet_approved"] == 1
    form.refresh_from_db()
    approve = {"action": "approve", "version": form.version}
    assert (
        login(coordinator).post(reverse("mentoring:outreach-form-review", args=[form.pk]), approve).status_code == 302
    )

    response = pay_page(login, coordinator)
    kinds = by_label(statement_of(response, partner))
    expected = {
        "Contacts with families": ("2.25", "10", "33.75", "5.00"),
        "Community outreach": ("2", "10", "30.00", "5.00"),
        "Presentations and trainings given": ("1.5", "4", "22.50", "2.00"),
        "Trainings attended": ("3", "20", "45.00", "10.00"),
        "Supervision": ("1", "6", "15.00", "3.00"),
        "Clinical support": ("1.5", "6", "22.50", "3.00"),
        "Meetings and conferences": ("2", "30", "30.00", "15.00"),
    }
    assert list(kinds) == list(expected)  # in the handbook's order
    for label, (hours, miles, time_pay, mileage_pay) in expected.items():
        figures = kinds[label]
        assert (figures.hours, figures.miles) == (Decimal(hours), Decimal(miles)), label
        assert (figures.time_pay, figures.mileage_pay) == (Decimal(time_pay), Decimal(mileage_pay)), label
    total = statement_of(response, partner).total
    assert (total.hours, total.miles) == (Decimal("13.25"), Decimal("86"))
    assert (total.time_pay, total.mileage_pay, total.total_pay) == (
        Decimal("198.75"),
        Decimal("43.00"),
        Decimal("241.75"),
    )
    assert response.context["totals"].total.total_pay == Decimal("241.75")
    html = response.content.decode()
    for label in expected:
        assert label in html
    assert "$241.75" in html and "$198.75" in html


# --- the rate in force on each date --------------------------------------------------------------


def test_r_role_7_a_rate_change_mid_month_pays_each_activity_at_the_rate_of_its_date(login, world):
    set_rates(
        login,
        world,
        (RateKind.HOURLY, "15.00", LONG_AGO),
        (RateKind.MILEAGE, "0.655", LONG_AGO),
        (RateKind.HOURLY, "18.00", MID_MONTH),
        (RateKind.MILEAGE, "0.70", MID_MONTH),
        # A rate of next month applies to nothing of this one.
        (RateKind.HOURLY, "99.00", MONTH),
    )
    partner = world.pp_a1
    # The day before the change, and the day of the change itself (in force from that day).
    approved_activity(partner, LAST_MONTH, (MID_MONTH - DAY, 90, 10), (MID_MONTH, 60, 5))
    approved_outreach(
        partner,
        LAST_MONTH,
        (MID_MONTH - DAY, OutreachKind.SUPERVISION, "1", "3"),
        (MID_MONTH + DAY, OutreachKind.SUPERVISION, "1", "3"),
    )
    response = pay_page(login, staff(world, Role.SITE_COORDINATOR))
    kinds = by_label(statement_of(response, partner))
    contacts, supervision = kinds["Contacts with families"], kinds["Supervision"]
    assert contacts.time_pay == cents(Decimal("1.5") * 15) + cents(1 * 18) == Decimal("40.50")
    assert contacts.mileage_pay == cents(10 * Decimal("0.655")) + cents(5 * Decimal("0.70")) == Decimal("10.05")
    assert supervision.time_pay == Decimal("33.00")
    # 3 x 0.655 = 1.965: each line is rounded to the cent on its own (half up), then summed.
    assert supervision.mileage_pay == Decimal("1.97") + Decimal("2.10")
    assert statement_of(response, partner).total.total_pay == Decimal("40.50") + Decimal("10.05") + Decimal(
        "33.00"
    ) + Decimal("4.07")
    html = response.content.decode()
    # The rates of the month, with the one date format.
    # (next month's rate is left out)
    assert f"Time: $15.00 an hour from {long_date(LONG_AGO)}; $18.00 an hour from {long_date(MID_MONTH)}</li>" in html
    assert f"Mileage: $0.655 a mile from {long_date(LONG_AGO)}; $0.70 a mile from {long_date(MID_MONTH)}</li>" in html


def test_r_role_7_an_activity_before_any_rate_is_shown_apart_and_not_paid_at_zero(login, world):
    set_rates(login, world, (RateKind.HOURLY, "15.00", MID_MONTH), (RateKind.MILEAGE, "0.50", MID_MONTH))
    partner = world.pp_a1
    approved_activity(partner, LAST_MONTH, (LAST_MONTH, 60, 10), (MID_MONTH, 60, 10))
    response = pay_page(login, staff(world, Role.SITE_COORDINATOR))
    contacts = by_label(statement_of(response, partner))["Contacts with families"]
    assert (contacts.hours, contacts.time_pay, contacts.mileage_pay) == (
        Decimal("2.00"),
        Decimal("15.00"),
        Decimal("5.00"),
    )
    assert response.context["totals"].total.missing_rates == 1
    html = response.content.decode()
    assert "1 activity is dated before any rate was set" in html
    assert "Ask the statewide coordinator to set the rates." in html
    statewide = pay_page(login, staff(world, Role.STATEWIDE_COORDINATOR)).content.decode()
    assert "Add a rate in force from an earlier date." in statewide


# --- what is counted, who sees whom --------------------------------------------------------------


def test_r_role_7_pay_counts_only_approved_forms_of_the_month_in_scope(login, world):
    set_rates(login, world, (RateKind.HOURLY, "20.00", LONG_AGO), (RateKind.MILEAGE, "0.50", LONG_AGO))
    a1 = world.pp_a1
    approved_activity(a1, LAST_MONTH, (LAST_MONTH, 90, 10), (LAST_MONTH, 45, Decimal("2.5")))
    approved_activity(a1, LAST_MONTH, (LAST_MONTH, 60, 4))
    approved_activity(a1, LAST_MONTH, (LAST_MONTH, 600, 100), status=FormStatus.SUBMITTED)
    approved_activity(a1, previous_month(LAST_MONTH), (previous_month(LAST_MONTH), 600, 100))
    approved_outreach(a1, LAST_MONTH, (LAST_MONTH, OutreachKind.COMMITTEE, "1.5", "8"))
    approved_outreach(world.pp_a2, LAST_MONTH, (LAST_MONTH, OutreachKind.COMMITTEE, "3", "30"), status=FormStatus.DRAFT)
    approved_activity(world.pp_b1, LAST_MONTH, (LAST_MONTH, 120, 10))
    response = pay_page(login, staff(world, Role.SITE_COORDINATOR))
    assert [person.pk for person, _ in response.context["rows"]] == [a1.pk]
    total = statement_of(response, a1).total
    assert (total.hours, total.miles) == (Decimal("4.75"), Decimal("24.5"))
    assert total.total_pay == Decimal("95.00") + Decimal("12.25")
    totals = response.context["totals"].total
    assert (totals.hours, totals.total_pay) == (Decimal("4.75"), Decimal("107.25"))
    assert response.context["not_yet_approved"] == 1  # a2's draft is another site's
    # The contract manager sees the state: b1 too.
    state = pay_page(login, staff(world, Role.CONTRACT_MANAGER))
    assert {person.pk for person, _ in state.context["rows"]} == {a1.pk, world.pp_b1.pk}


def test_r_role_7_pay_report_defaults_to_last_month_and_ignores_a_bad_month(login, world):
    client = login(staff(world, Role.SITE_COORDINATOR))
    assert client.get(reverse("mentoring:pay-report")).context["month"] == LAST_MONTH
    response = client.get(reverse("mentoring:pay-report"), {"month": "2026-13"})
    assert response.status_code == 200 and response.context["month"] == LAST_MONTH


def test_r_role_7_pay_downloads_hours_miles_and_amounts_per_kind_with_totals(login, world):
    """The contract manager downloads through the purpose step; names stay text, numbers are numbers."""
    set_rates(login, world, (RateKind.HOURLY, "15.00", LONG_AGO), (RateKind.MILEAGE, "0.50", LONG_AGO))
    world.pp_a1.last_name = "=HYPERLINK(1)"
    world.pp_a1.save()
    approved_activity(world.pp_a1, LAST_MONTH, (LAST_MONTH, 90, 12))
    approved_outreach(world.pp_a1, LAST_MONTH, (LAST_MONTH, OutreachKind.TRAINING_ATTENDED, "2", "20"))
    approved_outreach(world.pp_b1, LAST_MONTH, (LAST_MONTH, OutreachKind.CLINICAL_SUPPORT, "1", "0"))
    client = login(staff(world, Role.CONTRACT_MANAGER))
    query = f"?month={LAST_MONTH:%Y-%m}"
    asked = client.get(reverse("mentoring:pay-report-csv") + query)
    assert b"Purpose of this export" in asked.content
    csv_response = client.post(reverse("mentoring:pay-report-csv") + query, {"purpose": "payment"})
    assert f"parent-partner-pay-{LAST_MONTH:%Y-%m}.csv" in csv_response["Content-Disposition"]
    lines = csv_response.content.decode().splitlines()
    month = f"{LAST_MONTH:%Y-%m}"
    assert lines[0] == "Last name,First name,Site,Month,Activity,Hours,Miles,Time pay,Mileage pay,Total pay"
    b1 = f"{world.pp_b1.last_name},{world.pp_b1.first_name},Site B1,{month}"
    a1 = f"'=HYPERLINK(1),{world.pp_a1.first_name},Site A1,{month}"
    assert lines[1:] == [
        f"{a1},Contacts with families,1.50,12.0,22.50,6.00,28.50",
        f"{a1},Trainings attended,2.00,20.0,30.00,10.00,40.00",
        f"{a1},All activities,3.50,32.0,52.50,16.00,68.50",
        f"{b1},Clinical support,1.00,0.0,15.00,0.00,15.00",
        f"{b1},All activities,1.00,0.0,15.00,0.00,15.00",
        f"Total,,,{month},Contacts with families,1.50,12.0,22.50,6.00,28.50",
        f"Total,,,{month},Trainings attended,2.00,20.0,30.00,10.00,40.00",
        f"Total,,,{month},Clinical support,1.00,0.0,15.00,0.00,15.00",
        f"Total,,,{month},All activities,4.50,32.0,67.50,16.00,83.50",
    ]
    xlsx = client.post(reverse("mentoring:pay-report-xlsx") + query, {"purpose": "payment"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for cell in sheet[2]]
    # Excel shows the name as typed, as text (parentpartner.spreadsheets.as_xlsx), not a formula.
    assert values[0] == "=HYPERLINK(1)" and sheet.cell(2, 1).data_type == "s"
    assert values[4:] == ["Contacts with families", 1.5, 12, 22.5, 6, 28.5]


# --- a fixed number of queries -------------------------------------------------------------------


@pytest.mark.parametrize("people", [4, 30])
def test_r_role_7_pay_report_query_count_does_not_grow(login, world, django_assert_num_queries, people):
    set_rates(login, world, (RateKind.HOURLY, "15.00", LONG_AGO), (RateKind.HOURLY, "16.00", MID_MONTH))
    for index in range(people):
        partner = ParentPartnerFactory(site=world.site_a1, current_role="pp")
        approved_activity(partner, LAST_MONTH, (LAST_MONTH, 60, 5), (MID_MONTH, 30, 2))
        kind = list(OutreachKind)[index % len(OutreachKind)]
        approved_outreach(
            partner, LAST_MONTH, (MID_MONTH, kind, "1", "1"), (LAST_MONTH, OutreachKind.SUPERVISION, "1", "0")
        )
    client = login(staff(world, Role.SITE_COORDINATOR))
    # 1 session, 2 user, 3 scope sites, 4 count, 5 site choices, 6 the page of people, 7-8 their
    # contacts and outreach lines grouped per person and kind, 9-10 the totals of contacts and of
    # outreach lines per kind, 11 the month's rates, 12-13 activity and outreach forms not yet
    # approved, 14-16 the session's renewal.
    with django_assert_num_queries(16):
        response = client.get(reverse("mentoring:pay-report"), {"month": f"{LAST_MONTH:%Y-%m}"})
    assert response.context["paginator"].count == people
    assert response.context["totals"].total.hours == people * Decimal("3.5")
