"""What the screening pages load, in a fixed number of queries whatever the number of rows: the
people with their screening and the review cases that bear on eligibility, and the checks and
disqualifiers as plain rows for `screening.evaluate` (issue 9)."""

import datetime
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db.models import Prefetch, QuerySet

from eligibility.models import CriterionCheck, Disqualifier, EligibilityRecord, ReviewCase
from parentpartner.models import ParentPartner


def with_eligibility_rows(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The people of a screening page with their record (one join) and their review cases that ended
    "no longer eligible" without reinstatement; `load_checks` adds the checks and disqualifiers."""
    return queryset.select_related("eligibility_record").prefetch_related(
        Prefetch(
            "review_cases",
            queryset=ReviewCase.objects.no_longer_eligible(),
            to_attr="no_longer_eligible_cases",
        ),
    )


class PageCheck(NamedTuple):
    """What `screening.evaluate` reads of a criterion check."""

    criterion: str
    result: str
    checked_on: datetime.date


def load_checks(partners: Iterable[ParentPartner]) -> None:
    """What `screening.evaluate` reads of the page's checks and disqualifiers, set on each record as
    `page_checks` and `page_disqualifiers` (`screening.loaded`): one query each, as a prefetch would
    make, but the checks as tuples of the columns evaluate reads instead of model instances each tied
    back to its record (the screening list at scale: rows and their checks 5.2 -> 3.3 ms, issue 9).
    No record on the page, no query (as a prefetch)."""
    # The records gain two attributes of the page's own, read by `screening.loaded`.
    records: dict[int, Any] = {
        record.pk: record for partner in partners if (record := record_or_none(partner)) is not None
    }
    if not records:
        return
    for record in records.values():
        record.page_checks, record.page_disqualifiers = [], []
    checks = CriterionCheck.objects.filter(record_id__in=records).order_by("record", "criterion")
    rows = checks.values_list("record_id", "criterion", "result", "checked_on")
    for record_id, criterion, result, checked_on in rows:
        records[record_id].page_checks.append(PageCheck(criterion, result, checked_on))
    disqualifiers = Disqualifier.objects.filter(record_id__in=records).order_by("record", "found_on", "pk")
    for record_id, kind in disqualifiers.values_list("record_id", "kind"):
        records[record_id].page_disqualifiers.append(Disqualifier(record_id=record_id, kind=kind))


def record_or_none(partner: ParentPartner) -> EligibilityRecord | None:
    """The person's screening as loaded with them (`with_eligibility_rows`), or None."""
    try:
        return partner.eligibility_record
    except EligibilityRecord.DoesNotExist:
        return None
