"""Families, their cases (from the DHS caseworker's referral to closing) and assignments of a Parent
Partner (R-FAM-1..5, R-FAM-8)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse

from parentpartner.models import County, Language, LivedExperience, ParentPartner, Site, User


class StateHoliday(models.Model):
    """A state holiday: not a working day for the two-working-day first contact (R-FAM-3)."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.name} ({self.date})"


class FamilyQuerySet(models.QuerySet):
    def visible_to(self, user):
        from parentpartner import access

        return access.families_visible_to(user, self)


class Family(models.Model):
    """The parent a Parent Partner supports, and what matching needs to know. Only what the program
    needs is stored: no dates of birth, no addresses."""

    parent_first_name = models.CharField(max_length=80)
    parent_last_name = models.CharField(max_length=80)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="families")
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="families")
    dhs_case_number = models.CharField("DHS case number", max_length=40)
    caseworker_name = models.CharField(max_length=120)
    caseworker_phone = models.CharField(max_length=30, blank=True)
    caseworker_email = models.EmailField(blank=True)
    needs = ArrayField(
        models.CharField(max_length=32, choices=LivedExperience.choices),
        default=list,
        blank=True,
        help_text="Shared experience that matching looks for (R-FAM-2).",
    )
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    noncustodial_parent = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        ordering = ["parent_last_name", "parent_first_name", "pk"]
        verbose_name_plural = "families"
        indexes = [
            # The family list of a site, by name.
            models.Index(fields=["site", "parent_last_name"], name="family_site_name_idx"),
            # The family list's search (FamilyFilter: icontains on the first name, the last name or the
            # DHS case number, i.e. UPPER(column) LIKE '%TERM%'): trigram indexes answer it without
            # reading every family (statewide search count 8 -> 0.7 ms on the scale data, issue 9).
            *[
                GinIndex(OpClass(Upper(column), name="gin_trgm_ops"), name=f"family_search_{short}_trgm")
                for column, short in (
                    ("parent_first_name", "first"),
                    ("parent_last_name", "last"),
                    ("dhs_case_number", "dhs"),
                )
            ],
        ]

    def __str__(self):
        return f"{self.parent_first_name} {self.parent_last_name}"

    def get_absolute_url(self):
        return reverse("mentoring:family-detail", args=[self.pk])

    def get_needs_display(self):
        labels = dict(LivedExperience.choices)
        return ", ".join(labels.get(code, code) for code in self.needs)


class Placement(models.TextChoices):
    IN_HOME = "in_home", "In the home"
    FOSTER_CARE = "foster_care", "Foster care"
    KINSHIP_CARE = "kinship_care", "Kinship care"


class Child(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="children")
    age = models.PositiveSmallIntegerField(validators=[MaxValueValidator(21)])
    placement = models.CharField(max_length=20, choices=Placement.choices)

    class Meta:
        ordering = ["-age", "pk"]
        verbose_name_plural = "children"

    def __str__(self):
        return f"Child aged {self.age}, {self.get_placement_display().lower()}"


class ReferralSource(models.TextChoices):
    """R-FAM-8: the traditional program for families with children in care, or a Child Safety
    Conference for families at risk of removal."""

    TRADITIONAL = "traditional", "Traditional program (children in care)"
    CHILD_SAFETY_CONFERENCE = "csc", "Child Safety Conference"


class CaseStatus(models.TextChoices):
    AWAITING_ASSIGNMENT = "awaiting", "Awaiting assignment"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class ClosedBy(models.TextChoices):
    """R-FAM-5: by mutual agreement of all parties, or by the participant alone."""

    MUTUAL_AGREEMENT = "mutual", "Mutual agreement of all parties"
    PARTICIPANT = "participant", "The participant"


class CaseOutcome(models.TextChoices):
    REUNIFIED = "reunified", "Reunified"
    OTHER_PERMANENCY = "other_permanency", "Other permanent plan"
    TPR = "tpr", "Termination of parental rights"
    PLACEMENT_AVOIDED = "placement_avoided", "Placement avoided (Child Safety Conference)"
    WITHDREW = "withdrew", "Participant withdrew"
    OTHER = "other", "Other"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        from parentpartner import access

        return access.cases_visible_to(user, self)


class Case(models.Model):
    """A family's time with the program: opened by the DHS caseworker's referral with the parent's
    voluntary consent (R-FAM-1), closed by agreement or by the participant (R-FAM-5)."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="cases")
    source = models.CharField(max_length=20, choices=ReferralSource.choices, default=ReferralSource.TRADITIONAL)
    referred_on = models.DateField()
    referred_by = models.CharField("referring caseworker", max_length=120)
    consent_given = models.BooleanField("the parent agreed voluntarily", default=False)
    consent_on = models.DateField("consent given on", null=True, blank=True)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.AWAITING_ASSIGNMENT)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.CharField(max_length=20, choices=ClosedBy.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=CaseOutcome.choices, blank=True)
    closing_note = models.CharField(max_length=300, blank=True)
    reentry_on = models.DateField(
        "child re-entered care on", null=True, blank=True, help_text="Recorded after a reunification (R-OUT-1)."
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="mentoring_case_consent_before_opening",
                condition=Q(consent_given=True, consent_on__isnull=False),
            ),
            models.CheckConstraint(
                name="mentoring_case_closed_has_date_and_outcome",
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(outcome="") & ~Q(closed_by="")),
            ),
            # One open case per family at a time.
            models.UniqueConstraint(
                fields=["family"], condition=~Q(status="closed"), name="mentoring_case_one_open_per_family"
            ),
        ]
        indexes = [
            # CSC capacity per service area and active-case lists: filter by status and source.
            models.Index(fields=["status", "source"], name="case_status_source_idx"),
        ]

    def __str__(self):
        return f"{self.family} ({self.get_source_display()}, referred {self.referred_on})"

    def get_absolute_url(self):
        return reverse("mentoring:family-detail", args=[self.family_id])


class EndReason(models.TextChoices):
    """Why an assignment ended (R-FAM-4, R-FAM-5)."""

    KNOWS_FAMILY = "knows_family", "Reassigned: the Parent Partner knows the family"
    LIVES_CLOSE = "lives_close", "Reassigned: the Parent Partner lives close by"
    OTHER_CONFLICT = "other_conflict", "Reassigned: another conflict or concern"
    MENTORING_STOPPED = "mentoring_stopped", "Reassigned: the Parent Partner may not mentor now"
    CASE_CLOSED = "case_closed", "The case closed"


class Assignment(models.Model):
    """A Parent Partner assigned to a case (R-FAM-2). The first contact is due within two working days
    (R-FAM-3). Reassignment ends this row and opens another, so the history stays (R-FAM-4)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments")
    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.PROTECT, related_name="assignments")
    assigned_on = models.DateField()
    assigned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    match_reasons = models.CharField(max_length=300, blank=True)
    first_contact_due = models.DateField()
    first_contact_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    end_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-assigned_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="mentoring_assignment_one_current_per_case"
            ),
            models.CheckConstraint(
                name="mentoring_assignment_ended_has_reason",
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
            ),
        ]
        indexes = [
            # A Parent Partner's current caseload (matching ranks by it).
            models.Index(fields=["parent_partner"], condition=Q(ended_on__isnull=True), name="assignment_current_idx"),
            # Overdue first contacts: current assignments without a first contact, by due date.
            models.Index(
                fields=["first_contact_due"],
                condition=Q(first_contact_on__isnull=True, ended_on__isnull=True),
                name="assignment_first_contact_idx",
            ),
            # Assignments active in a month (reporting.audits.active_assignments, the home page's
            # missing forms): `ended_on IS NULL OR ended_on >= %s` as two index scans (issue 9).
            models.Index(fields=["ended_on"], name="assignment_active_in_month_idx"),
        ]

    def __str__(self):
        return f"{self.parent_partner} with {self.case.family}"

    @property
    def is_current(self):
        return self.ended_on is None


class Conflict(models.Model):
    """A Parent Partner declared a conflict with a family (R-FAM-4): never matched with it again."""

    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.CASCADE, related_name="conflicts")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(max_length=30, choices=EndReason.choices[:3])
    note = models.CharField(max_length=300, blank=True)
    declared_on = models.DateField()

    class Meta:
        ordering = ["-declared_on"]
        constraints = [
            models.UniqueConstraint(fields=["parent_partner", "family"], name="mentoring_conflict_once"),
        ]

    def __str__(self):
        return f"{self.parent_partner} / {self.family}: {self.get_reason_display()}"
