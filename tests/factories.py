"""factory-boy factories for every model. Names are fictional (Faker)."""

import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from parentpartner.dates import anniversary
from parentpartner.models import (
    County,
    HistoryEntry,
    ParentPartner,
    PartnerRole,
    PartnerStatus,
    PermanencyType,
    Role,
    RoleAssignment,
    ServiceArea,
    Site,
    User,
)
from parentpartner.services import door

PASSWORD = "a-long-test-password-42"


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Test area {n}")


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County

    name = factory.Sequence(lambda n: f"Testcounty {n}")
    service_area = factory.SubFactory(ServiceAreaFactory)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test site {n}")
    service_area = factory.SubFactory(ServiceAreaFactory)

    @factory.post_generation
    def counties(self, create, extracted, **kwargs):
        if create:
            self.counties.set(extracted or [CountyFactory(service_area=self.service_area)])


class ParentPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentPartner
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"parent.partner.{n}@example.org")
    site = factory.SubFactory(SiteFactory)
    county = factory.LazyAttribute(lambda o: o.site.counties.first() or CountyFactory(service_area=o.site.service_area))
    current_role = PartnerRole.IN_TRAINING
    permanency_type = PermanencyType.REUNIFIED
    permanency_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=500))
    languages = factory.LazyFunction(lambda: ["en"])
    lived_experience = factory.LazyFunction(lambda: ["substance_abuse"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Through the door's paper path, as every person enters (R-ROLE-1)."""
        role = kwargs.pop("current_role")
        status = kwargs.pop("status", PartnerStatus.ACTIVE)
        return door.record_from_paper(model_class(*args, **kwargs), user=None, roles=[], role=role, status=status)

    @factory.post_generation
    def role_history(self, create, extracted, **kwargs):
        if create and extracted is not False and not self.role_history.exists():
            door.record_from_paper(
                self,
                user=None,
                roles=[door.PaperRole(self.current_role, timezone.localdate() - datetime.timedelta(days=90))],
            )
            self.refresh_from_db()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    @classmethod
    def _create(cls, model_class, *args, parent_partner, role, started_on, ended_on=None, **kwargs):
        """A past role row, through the door's paper path (R-ROLE-1)."""
        door.record_from_paper(
            parent_partner, user=kwargs.get("recorded_by"), roles=[door.PaperRole(role, started_on, ended_on)]
        )
        parent_partner.refresh_from_db()
        return RoleAssignment.objects.filter(parent_partner=parent_partner, started_on=started_on).get()

    parent_partner = factory.SubFactory(ParentPartnerFactory, role_history=False)
    role = PartnerRole.IN_TRAINING
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.SITE_COORDINATOR
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.sites.set(extracted)
        if create:
            self.save()


class HistoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HistoryEntry

    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Site))
    object_id = "1"
    object_repr = "A site"
    action = HistoryEntry.Action.UPDATE
    changes = factory.LazyFunction(lambda: {"Name": ["Old", "New"]})


# --- training --------------------------------------------------------------------------------

from training.models import (  # noqa: E402
    ShadowingItem,
    ShadowingRecord,
    Trainer,
    TrainerApproval,
    TrainerKind,
    Training,
    TrainingCompletion,
    TrainingSession,
    TrainTheTrainerAttendance,
)


def training(number):
    """The catalogue is seeded by a migration: look trainings up, do not invent them."""
    return Training.objects.get(number=number)


class TrainingFactory(factory.django.DjangoModelFactory):
    """For a catalogue another state might run; the program's own eleven come from the migration."""

    class Meta:
        model = Training

    number = factory.Sequence(lambda n: 100 + n)
    name = factory.Sequence(lambda n: f"Extra training {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    minimum_hours = 2


class ShadowingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShadowingItem

    code = factory.Sequence(lambda n: f"activity-{n}")
    name = factory.Sequence(lambda n: f"Activity {n}")


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer

    kind = TrainerKind.PROFESSIONAL
    name = factory.Faker("name")
    organisation = "County child welfare office"
    parent_partner = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == TrainerKind.PARENT_PARTNER),
        yes_declaration=factory.SubFactory(ParentPartnerFactory, current_role="pp"),
        no_declaration=None,
    )


class TrainerApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainerApproval

    trainer = factory.SubFactory(TrainerFactory)
    kind = TrainerApproval.Kind.TRAINER
    approved_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=400))
    approved_by = factory.SubFactory(UserFactory, role=Role.STATEWIDE_COORDINATOR)


class TrainTheTrainerAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainTheTrainerAttendance

    trainer = factory.SubFactory(TrainerFactory)
    attended_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    training = factory.LazyFunction(lambda: training(2))
    site = factory.SubFactory(SiteFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    hours = 2
    trainer_names = "A qualified trainer"


class TrainingCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCompletion

    parent_partner = factory.SubFactory(ParentPartnerFactory)
    training = factory.LazyFunction(lambda: training(2))
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    evidence = "Certificate from an outside provider"
    hours = 2


class ShadowingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShadowingRecord

    parent_partner = factory.SubFactory(ParentPartnerFactory)
    item = factory.LazyFunction(lambda: ShadowingItem.objects.get(code="face_to_face_visit"))
    shadowed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    veteran = factory.SubFactory(ParentPartnerFactory, current_role="pp")


# --- mentoring -------------------------------------------------------------------------------

from mentoring.models import (  # noqa: E402
    ActivityForm,
    Assignment,
    Case,
    CaseStatus,
    Child,
    Conflict,
    Contact,
    EndReason,
    Family,
    StateHoliday,
)


class StateHolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StateHoliday
        django_get_or_create = ["date"]

    date = factory.LazyFunction(timezone.localdate)
    name = "Closure day"


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    parent_first_name = factory.Faker("first_name")
    parent_last_name = factory.Faker("last_name")
    site = factory.SubFactory(SiteFactory)
    county = factory.LazyAttribute(lambda o: o.site.counties.first() or CountyFactory(service_area=o.site.service_area))
    dhs_case_number = factory.Sequence(lambda n: f"DHS-{100000 + n}")
    caseworker_name = "Casey Caseworker"
    needs = factory.LazyFunction(lambda: ["substance_abuse"])


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory)
    age = 4
    placement = "foster_care"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    family = factory.SubFactory(FamilyFactory)
    referred_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=40))
    referred_by = "Casey Caseworker"
    consent_given = True
    consent_on = factory.LazyAttribute(lambda o: o.referred_on)
    status = CaseStatus.AWAITING_ASSIGNMENT


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A current assignment; the case becomes active."""

    class Meta:
        model = Assignment

    case = factory.SubFactory(CaseFactory, status=CaseStatus.ACTIVE)
    parent_partner = factory.SubFactory(
        ParentPartnerFactory, current_role="pp", site=factory.SelfAttribute("..case.family.site")
    )
    assigned_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=35))
    assigned_by = factory.SubFactory(UserFactory)
    first_contact_due = factory.LazyAttribute(lambda o: o.assigned_on + datetime.timedelta(days=2))
    first_contact_on = factory.LazyAttribute(lambda o: o.assigned_on + datetime.timedelta(days=1))


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    parent_partner = factory.SubFactory(ParentPartnerFactory)
    family = factory.SubFactory(FamilyFactory)
    reason = EndReason.KNOWS_FAMILY
    declared_on = factory.LazyFunction(timezone.localdate)


class ActivityFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityForm

    assignment = factory.SubFactory(AssignmentFactory)
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    form = factory.SubFactory(ActivityFormFactory)
    # The month's first day, or the assignment's first day when it began later (R-FAM-7).
    contacted_on = factory.LazyAttribute(lambda o: max(o.form.month, o.form.assignment.assigned_on))
    method = "face_to_face"
    activity = "home_visit"
    minutes = 90
    miles = 12


# --- eligibility (R-ELIG-*, R-REV-*) ---------------------------------------------------------------
from eligibility.models import (  # noqa: E402
    CaseStep,
    CheckResult,
    Criterion,
    CriterionCheck,
    Disqualifier,
    DisqualifierKind,
    EligibilityRecord,
    Ground,
    PlanItem,
    PlanItemKind,
    ReviewCase,
    ReviewTeamMember,
    Step,
    TeamRole,
)


class EligibilityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityRecord

    parent_partner = factory.SubFactory(ParentPartnerFactory)
    created_by = factory.SubFactory(UserFactory)


class CriterionCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionCheck

    record = factory.SubFactory(EligibilityRecordFactory)
    criterion = Criterion.CONFIDENTIALITY
    result = CheckResult.MET
    evidence = "Signed the confidentiality agreement."
    checked_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    checked_by = factory.SubFactory(UserFactory)


class DisqualifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disqualifier

    record = factory.SubFactory(
        EligibilityRecordFactory, status="disqualified", ended_on=factory.LazyFunction(timezone.localdate)
    )
    kind = DisqualifierKind.SEX_ABUSE_REGISTRY
    evidence = "Registry search result."
    found_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    recorded_by = factory.SubFactory(UserFactory)


class ReviewCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewCase

    parent_partner = factory.SubFactory(ParentPartnerFactory)
    partner_role = factory.LazyAttribute(lambda o: o.parent_partner.current_role)
    ground = Ground.PERFORMANCE
    concern = "Missed three family visits without notice."
    wishes_to_continue = True
    may_mentor_while_open = True
    step = Step.OPENED
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    opened_by = factory.SubFactory(UserFactory)


class CaseStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStep

    case = factory.SubFactory(ReviewCaseFactory)
    action = "Case opened"
    step = Step.OPENED
    held_on = factory.LazyFunction(timezone.localdate)
    notes = "Opened."
    recorded_by = factory.SubFactory(UserFactory)


class ReviewTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewTeamMember

    case = factory.SubFactory(ReviewCaseFactory, step=Step.MANAGEMENT_APPROVED)
    name = factory.Faker("name")
    team_role = TeamRole.CONTENT_EXPERT
    added_by = factory.SubFactory(UserFactory)


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    case = factory.SubFactory(
        ReviewCaseFactory,
        step=Step.MEETING_SCHEDULED,
        meeting_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7)),
    )
    kind = PlanItemKind.BEHAVIOURAL_CHANGE
    description = "Calls the coordinator before any missed visit."
    responsible = "The Parent Partner"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    created_by = factory.SubFactory(UserFactory)


# --- mentoring: outreach, supervision, clinical support, safety concerns ------------------------

from mentoring.models import (  # noqa: E402
    ClinicalSupportSession,
    OutreachActivity,
    OutreachForm,
    SafetyConcern,
    SafetyStatus,
    SupervisionSession,
)


class OutreachFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachForm

    parent_partner = factory.SubFactory(ParentPartnerFactory, current_role="pp")
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    status = "draft"
    approved_by = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status == "approved"),
        yes_declaration=factory.SubFactory(UserFactory),
        no_declaration=None,
    )
    approved_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == "approved" else None)


class OutreachActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachActivity

    form = factory.SubFactory(OutreachFormFactory)
    held_on = factory.LazyAttribute(lambda o: o.form.month)
    kind = "committee"
    description = "County child welfare committee"
    hours = 2
    miles = 10


class SupervisionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionSession

    parent_partner = factory.SubFactory(ParentPartnerFactory, current_role="pp")
    coordinator = factory.SubFactory(UserFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))


class ClinicalSupportSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicalSupportSession
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    clinician = "Licensed clinician"

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.set(extracted)


class SafetyConcernFactory(factory.django.DjangoModelFactory):
    """A concern about a family with a current assignment; the child not present unless told."""

    class Meta:
        model = SafetyConcern

    case = factory.LazyAttribute(lambda o: AssignmentFactory().case)
    parent_partner = factory.LazyAttribute(lambda o: o.case.assignments.get(ended_on__isnull=True).parent_partner)
    known_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    how_known = "observed"
    kind = "substance_use"
    description = "Smelled of alcohol at the home visit."
    child_present = False
    imminent_danger = False
    status = factory.LazyAttribute(
        lambda o: (
            SafetyStatus.AWAITING_REFERRAL
            if o.child_present or o.imminent_danger
            else SafetyStatus.AWAITING_SELF_REPORT
        )
    )
    raised_by = factory.SubFactory(UserFactory)


# --- role progression and approvals (R-ROLE-1..8) ---------------------------------------------------
from parentpartner.models import (  # noqa: E402
    ApprovalForm,
    CoordinatorCertification,
    FormState,
    LeadCase,
    LeadStage,
    LetterOfInterest,
)


def accepted_into_mentoring_on(partner, day):
    """Make `partner` a PP in Training Mentoring accepted on `day` (R-ROLE-3), their history set up as
    the paper record shows it: in training for 200 days before."""
    with door._opened():
        partner.role_history.all().delete()
        RoleAssignment.objects.create(
            parent_partner=partner,
            role=PartnerRole.IN_TRAINING,
            started_on=day - datetime.timedelta(days=200),
            ended_on=day,
        )
        RoleAssignment.objects.create(parent_partner=partner, role=PartnerRole.IN_TRAINING_MENTORING, started_on=day)
        partner.current_role = PartnerRole.IN_TRAINING_MENTORING
        partner.save()
    return partner


def screened(partner, checker=None):
    """A screening with every criterion met and the DHS review without concerns (R-ELIG-1)."""
    existing = EligibilityRecord.objects.filter(parent_partner=partner).first()
    if existing is not None:
        return existing
    checker = checker or UserFactory()
    day = timezone.localdate() - datetime.timedelta(days=20)
    record = EligibilityRecordFactory(
        parent_partner=partner,
        dhs_reviewed_on=day,
        dhs_review_result="no_concerns",
        substance_free_since=day - datetime.timedelta(days=900),
    )
    for criterion in Criterion:
        CriterionCheckFactory(record=record, criterion=criterion, checked_by=checker, checked_on=day)
    return record


def ready_for_next_role(partner, checker=None):
    """Everything the next role needs except time (R-ROLE-2..4, R-ELIG-1): a screening with every
    criterion met and the DHS review, every training done, every shadowing activity recorded."""
    checker = checker or UserFactory()
    day = timezone.localdate() - datetime.timedelta(days=20)
    screened(partner, checker)
    for item in Training.objects.filter(is_active=True):
        TrainingCompletionFactory(parent_partner=partner, training=item, completed_on=day)
    veteran = ParentPartnerFactory(site=partner.site, current_role="pp")
    for item in ShadowingItem.objects.all():
        ShadowingRecordFactory(parent_partner=partner, item=item, veteran=veteran, shadowed_on=day)
    return partner


def candidate(site, **kwargs):
    """A Parent Partner in Training Mentoring who meets every requirement to become a Parent Partner."""
    partner = ParentPartnerFactory(site=site, current_role="ppit_mentoring", **kwargs)
    return ready_for_next_role(partner)


class ApprovalFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalForm

    parent_partner = factory.SubFactory(ParentPartnerFactory, current_role="ppit_mentoring")
    state = FormState.AWAITING_COORDINATOR
    commits_one_year_two_families = True
    started_by = factory.SubFactory(UserFactory)


class LeadCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadCase

    site = factory.SubFactory(SiteFactory)
    stage = LeadStage.REQUESTED
    reason = "Twelve Parent Partners and a growing waiting list."
    partner_count = 12
    families_served = 30
    requested_by = factory.SubFactory(UserFactory)
    requested_on = factory.LazyFunction(timezone.localdate)


def veteran_parent_partner(site, years=3, screening=True):
    """An active, screened Parent Partner with `years` calendar years and five days in the role (R-ROLE-6)."""
    partner = ParentPartnerFactory(site=site, current_role="pp", role_history=False)
    started_on = anniversary(timezone.localdate(), years=-years) - datetime.timedelta(days=5)
    RoleAssignmentFactory(parent_partner=partner, role="pp", started_on=started_on)
    if screening:
        screened(partner)
    return partner


class LetterOfInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterOfInterest

    case = factory.SubFactory(LeadCaseFactory, stage=LeadStage.LETTERS)
    parent_partner = factory.LazyAttribute(lambda o: veteran_parent_partner(o.case.site))
    received_on = factory.LazyFunction(timezone.localdate)
    years_in_program = 4
    qualifications = "Mentored eight families; speaks at new worker orientation."
    education = "Associate degree in human services."
    trainings_and_committees = "All eleven trainings; local steering committee."
    recorded_by = factory.SubFactory(UserFactory)


class CoordinatorCertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinatorCertification

    coordinator = factory.SubFactory(UserFactory, role="site_coordinator")
    kind = "family_support_supervision"
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    verified_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    evidence = "Certificate 1234"
    recorded_by = factory.SubFactory(UserFactory, role="statewide_coordinator")


# --- reporting: random file audits (R-SUP-4) ---------------------------------------------------------
from reporting.models import FileAuditDraw  # noqa: E402
from reporting.services import file_audits as reporting_audits  # noqa: E402


def file_review_at(site, month=None, sample_size=1, seed=7):
    """A site coordinator's file review of `site` for `month` (default last month), made through the
    service, with a family active in the month if the site has none; the existing one if made."""
    month = month or (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    existing = FileAuditDraw.objects.filter(kind="review", site=site, month=month).first()
    if existing:
        return existing
    if not reporting_audits.population(month, site=site):
        AssignmentFactory(case__family__site=site, assigned_on=month)
    coordinator = UserFactory(role="site_coordinator", sites=[site])
    return reporting_audits.draw(coordinator, month=month, sample_size=sample_size, site=site, seed=seed)
