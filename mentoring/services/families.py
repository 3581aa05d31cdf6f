"""A family with its children: entered with its first referral (R-FAM-1, R-FAM-8) or edited, in one
transaction; the family's history lists its children too."""

from typing import Any

from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm

from mentoring.models import Family
from mentoring.services.cases import open_case
from parentpartner import audit, records
from parentpartner.models import HistoryEntry


def family_snapshot(family: Family) -> dict[str, str]:
    """The family's fields and its children, so a change to the children is in the history too."""
    values = audit.snapshot(family)
    values["children"] = ", ".join(str(child) for child in family.children.all())
    return values


@transaction.atomic
def create(family_form: ModelForm, children: BaseInlineFormSet, referral: ModelForm, *, user: Any) -> Family:
    """A new family, its children and its referral, checked as any referral (R-FAM-1, R-FAM-8)."""
    family = family_form.save()
    children.instance = family
    children.save()
    audit.record(user, family, HistoryEntry.Action.CREATE, after=family_snapshot(family))
    case = referral.save(commit=False)
    case.family = family
    open_case(case, [form.instance for form in children.forms if form.instance.pk], user=user)
    return family


@transaction.atomic
def update(family_form: ModelForm, children: BaseInlineFormSet, *, user: Any, version: Any) -> Family:
    """Save the edited family and children; `records.Conflict` when someone saved the family since
    `version` (a form without its version is as stale as an old one). The version moves on and the
    history row holds the children with the family's fields, which `records.save` alone would not."""
    current = records.locked(family_form.instance, -1 if version is None else version)
    before = family_snapshot(current)
    family_form.instance.version = current.version + 1
    family = family_form.save()
    children.save()
    audit.record(user, family, HistoryEntry.Action.UPDATE, before, after=family_snapshot(family))
    return family
