"""Random client file audits (R-SUP-4): a coordinator's monthly file review of a site and a service
area coordinator's monthly file audit of an area, each on files chosen by a reproducible random draw.

How a draw is made and checked is in reporting.services.file_audits; the constraints below keep a draw single and
its shape honest even if someone writes to the tables another way.
"""

from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.models import Family
from parentpartner import access
from parentpartner.models import ServiceArea, Site, User


class AuditKind(models.TextChoices):
    """R-SUP-4: coordinators review the files of a site, SACs audit the files of their area."""

    FILE_REVIEW = "review", "Monthly file review (site)"
    FILE_AUDIT = "audit", "Monthly file audit (service area)"


class DrawQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "models.QuerySet[FileAuditDraw]":
        return access.file_audit_draws_visible_to(user, self)


class FileAuditDraw(models.Model):
    """One month's random sample of client files for one site (review) or one area (audit).

    The population (families with an assignment active in the month, by primary key), the sample size
    and the seed are kept, so that anyone can re-run `random.Random(seed).sample(population, size)`
    and get the same files; with families to draw first (`priority`), the same generator samples them,
    then the rest (reporting.services.file_audits.sample_of). A draw is made once: it cannot be
    redrawn (the unique constraints) nor edited (`save` refuses an update).
    """

    kind = models.CharField(max_length=10, choices=AuditKind.choices)
    month = models.DateField(help_text="The first day of the month whose files are sampled.")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="file_audit_draws")
    service_area = models.ForeignKey(
        ServiceArea, null=True, blank=True, on_delete=models.PROTECT, related_name="file_audit_draws"
    )
    population = ArrayField(
        models.BigIntegerField(), help_text="Primary keys of the families in the population, ascending."
    )
    sample_size = models.PositiveIntegerField()
    seed = models.BigIntegerField(help_text="The seed of random.Random used for the draw.")
    sample = ArrayField(models.BigIntegerField(), help_text="Primary keys of the drawn families, in draw order.")
    # R-SUP-4: families of the population with a monthly activity form of the month entered and
    # approved by the same person; they go into the sample first (reporting.services.file_audits).
    priority = ArrayField(
        models.BigIntegerField(),
        default=list,
        blank=True,
        help_text="Primary keys of the families drawn first (a form entered and approved by one person), ascending.",
    )
    drawn_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)

    objects = DrawQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "kind", "pk"]
        constraints = [
            models.CheckConstraint(name="reporting_fileauditdraw_month_starts_on_first", condition=Q(month__day=1)),
            # A review is of one site, an audit of one area; never both, never neither.
            models.CheckConstraint(
                name="reporting_fileauditdraw_scope_follows_kind",
                condition=(Q(kind="review", site__isnull=False, service_area__isnull=True))
                | Q(kind="audit", site__isnull=True, service_area__isnull=False),
            ),
            models.CheckConstraint(name="reporting_fileauditdraw_sample_not_empty", condition=Q(sample_size__gte=1)),
            # R-SUP-4: one draw per kind, month and scope: no redrawing until the sample suits.
            models.UniqueConstraint(
                fields=["kind", "month", "site"],
                condition=Q(site__isnull=False),
                name="reporting_fileauditdraw_once_per_site_month",
            ),
            models.UniqueConstraint(
                fields=["kind", "month", "service_area"],
                condition=Q(service_area__isnull=False),
                name="reporting_fileauditdraw_once_per_area_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.scope_name}, {self.month:%B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A file audit draw cannot be edited or redrawn once made (R-SUP-4).")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reporting:audit-draw-detail", args=[self.pk])

    @property
    def scope_name(self) -> str:
        return str(self.site) if self.site_id else str(self.service_area)


class CheckResult(models.TextChoices):
    MET = "met", "Yes"
    NOT_MET = "not_met", "No"
    NOT_APPLICABLE = "na", "Not applicable"


class FileAuditQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "models.QuerySet[FileAudit]":
        return access.file_audits_visible_to(user, self)


# The checklist of R-SUP-4, in the order the page shows it: field prefix -> question.
CHECKS = [
    ("forms", "Every month's activity form present and approved"),
    ("first_contact", "First contact within two working days"),
    ("consent", "Consent on file"),
    ("safety", "Safety concerns followed through"),
    ("supervision", "Supervision recorded in the month"),
]


def _check_field(question: str) -> models.CharField:
    return models.CharField(question, max_length=8, choices=CheckResult.choices)


def _note_field() -> models.CharField:
    return models.CharField(max_length=500, blank=True)


class FileAudit(models.Model):
    """The checklist of one sampled file: prefilled from the data when the sample is drawn (what the
    data said then is kept in the notes), confirmed or corrected by the reviewer, with findings,
    corrective actions and a sign-off after which it is locked."""

    draw = models.ForeignKey(FileAuditDraw, on_delete=models.PROTECT, related_name="audits")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="file_audits")
    position = models.PositiveSmallIntegerField(help_text="Order in which the file was drawn, from 1.")
    forms_check = _check_field(CHECKS[0][1])
    forms_note = _note_field()
    first_contact_check = _check_field(CHECKS[1][1])
    first_contact_note = _note_field()
    consent_check = _check_field(CHECKS[2][1])
    consent_note = _note_field()
    safety_check = _check_field(CHECKS[3][1])
    safety_note = _note_field()
    supervision_check = _check_field(CHECKS[4][1])
    supervision_note = _note_field()
    findings = models.TextField(max_length=3000, blank=True)
    corrective_actions = models.TextField(max_length=3000, blank=True)
    signed_off_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FileAuditQuerySet.as_manager()

    class Meta:
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "family"], name="reporting_fileaudit_family_once_per_draw"),
            models.UniqueConstraint(fields=["draw", "position"], name="reporting_fileaudit_position_once_per_draw"),
            models.CheckConstraint(
                name="reporting_fileaudit_sign_off_has_who_and_when",
                condition=Q(signed_off_by__isnull=True, signed_off_at__isnull=True)
                | Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"File {self.position} of {self.draw}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:file-audit-detail", args=[self.pk])

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    def checklist(self) -> list[tuple[str, str, str, str]]:
        """(question, result label, result value, note) per check, for the page."""
        return [
            (
                question,
                getattr(self, f"get_{name}_check_display")(),
                getattr(self, f"{name}_check"),
                getattr(self, f"{name}_note"),
            )
            for name, question in CHECKS
        ]
