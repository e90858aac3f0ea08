"""The shared model of the programme (trusts, programmes, teams, posts, peers, staff roles) and the
sensitive-access log; used by every phase. Preparation (phase 1) records will join it here.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from programmes.nations import ANY_IDENTIFIER, Nation, identifier


class PageMixin:
    """Each record with pages of its own: `programmes:<thing>-detail` and `<thing>-list`."""

    url_thing: str

    def get_absolute_url(self) -> str:
        return reverse(f"programmes:{self.url_thing}-detail", args=[self.pk])

    @classmethod
    def list_url(cls) -> str:
        return reverse(f"programmes:{cls.url_thing}-list")


FULL_TIME_HOURS = Decimal("37.5")  # Agenda for Change full-time week
MIN_BAND, MAX_BAND = 2, 9  # Agenda for Change pay bands a post can hold


class Trust(PageMixin, models.Model):
    """An NHS trust or other provider organisation that runs a peer support programme."""

    url_thing = "trust"

    name = models.CharField(max_length=200, unique=True)
    nation = models.CharField(
        max_length=20,
        choices=Nation.choices,
        default=Nation.ENGLAND,
        help_text="Where the trust works: it names the criminal-record check and the trust's code.",
    )
    # The ODS code in England, Wales and Northern Ireland; a Scottish trust's NHS board code (programmes.nations).
    ods_code = models.CharField(ANY_IDENTIFIER.label, max_length=10, unique=True, help_text=ANY_IDENTIFIER.help_text)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def identifier_label(self) -> str:
        """ "ODS code", or "NHS board code" for a Scottish trust."""
        return identifier(self).label


class Programme(models.Model):
    """A trust's peer support worker programme (seed 000, Box 1: the four phases)."""

    class TrainingModel(models.TextChoices):
        # seed 002: peers are trained before recruitment, or recruited and then trained.
        TRAIN_AND_PLACE = "train_and_place", "Train and place"
        PLACE_AND_TRAIN = "place_and_train", "Place and train"

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(max_length=200)
    training_model = models.CharField(max_length=20, choices=TrainingModel.choices)
    target_peer_share = models.DecimalField(
        "target share of the workforce that is peer workers (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="For example 10, 20 or 30.",
    )
    start_date = models.DateField()
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_programmes",
        help_text="The peer support lead who runs the programme.",
    )
    why_employ_peers = models.TextField(
        "why do we want to employ peers?",
        blank=True,
        help_text="The programme's own answer to the ImROC guide's question.",
    )
    difference_hoped_for = models.TextField(
        "what difference do we hope they will make?", blank=True, help_text="The programme's own answer."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["trust__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["trust", "name"], name="programme_name_unique_per_trust"),
            models.CheckConstraint(
                condition=Q(target_peer_share__gte=0) & Q(target_peer_share__lte=100),
                name="programme_target_share_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme-readiness", args=[self.pk])


class Team(PageMixin, models.Model):
    """A service team in a trust, where peer workers are placed."""

    url_thing = "team"

    class ServiceType(models.TextChoices):
        CMHT = "cmht", "Community mental health team"
        EIP = "eip", "Early intervention in psychosis"
        INPATIENT = "inpatient", "Inpatient ward"
        CRISIS = "crisis", "Crisis and home treatment"
        RECOVERY_COLLEGE = "recovery_college", "Recovery college"
        REHABILITATION = "rehabilitation", "Rehabilitation"
        OTHER = "other", "Other"

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    recovery_training_done = models.BooleanField(
        "recovery-focused practice training done",
        default=False,
        help_text="Has the team had training in recovery-focused practice?",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["trust__name", "name"]
        constraints = [models.UniqueConstraint(fields=["trust", "name"], name="team_name_unique_per_trust")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The unique constraint alone reports "Team with this Trust and Name already exists." above the
        # form; say it beside the name, on both the add and the edit page.
        taken = Team.objects.filter(trust_id=self.trust_id, name=self.name).exclude(pk=self.pk)
        if self.trust_id and self.name and taken.exists():
            raise ValidationError({"name": f"This trust already has a team called {self.name}; choose another name."})


EMAIL_TAKEN = (
    "Another peer of this trust already has this email address. Each person has one record: update that record "
    "instead (an administrator can merge two records of the same person)."
)


class Peer(PageMixin, models.Model):
    """A person with lived experience of mental health problems: one record from first contact
    (orientation, training, application) through employment to senior roles."""

    url_thing = "peer"

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="peers")
    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=40, blank=True, help_text="For example she/her, he/him, they/them.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    lived_experience_summary = models.TextField(
        "lived experience (in the person's own words)",
        blank=True,
        help_text="Only what the person chooses to record. Visible to them and the peer support lead.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer",
        help_text="The peer's own sign-in, which shows them their own records only.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name", "pk"]
        indexes = [models.Index(fields=["trust", "full_name"])]
        constraints = [
            # One record per person in a trust: the staff import finds a peer by email, so two peers with one
            # email would be two records of one person. `clean` says so beside the field; under a race (two
            # imports or forms at once) this index is the guarantee. Duplicates found when it was added are
            # listed for HR to merge (PeerEmailDuplicate, migration 0008).
            models.UniqueConstraint(
                Lower("email"),
                "trust",
                condition=~Q(email=""),
                name="peer_email_unique_per_trust",
                violation_error_message=EMAIL_TAKEN,
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        # Checked here (and so by every service, the admin and the import, which all call full_clean) to put
        # the message beside the email rather than above the form.
        if self.trust_id and self.email:
            taken = Peer.objects.filter(trust_id=self.trust_id, email__iexact=self.email).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"email": EMAIL_TAKEN})

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name


class Post(PageMixin, models.Model):
    """An established position in a team, with its pay band, hours and current holder."""

    url_thing = "post"

    class ContractType(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        FIXED_TERM = "fixed_term", "Fixed term"

    class Funding(models.TextChoices):
        PROGRAMME = "programme", "Funded by the programme"
        CONVERTED = "converted", "Converted from another post"

    class CareerLevel(models.TextChoices):
        # seed 002: the career pathway for peer support workers.
        PRE_PEER = "pre_peer", "Volunteer / pre-peer route"
        PEER_SUPPORT_WORKER = "psw", "Peer support worker"
        SENIOR_PEER_SUPPORT_WORKER = "senior_psw", "Senior peer support worker"
        ADVANCED_PRACTITIONER = "advanced_practitioner", "Advanced lived experience practitioner"
        EDUCATOR = "educator", "Lived experience educator"
        RESEARCHER = "researcher", "Lived experience researcher"
        PEER_SUPPORT_LEAD = "peer_support_lead", "Peer support lead"

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=200)
    band = models.PositiveSmallIntegerField(
        "pay band (Agenda for Change)",
        validators=[MinValueValidator(MIN_BAND), MaxValueValidator(MAX_BAND)],
    )
    hours = models.DecimalField(
        "hours per week",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(FULL_TIME_HOURS)],
        help_text="37.5 for full time, or part thereof.",
    )
    contract_type = models.CharField(max_length=20, choices=ContractType.choices, default=ContractType.PERMANENT)
    fixed_term_end = models.DateField("fixed term ends", null=True, blank=True)
    funding = models.CharField(max_length=20, choices=Funding.choices, default=Funding.PROGRAMME)
    converted_from = models.CharField(
        "converted from",
        max_length=200,
        blank=True,
        help_text="The post this one was converted from, if any.",
    )
    career_level = models.CharField(max_length=30, choices=CareerLevel.choices, default=CareerLevel.PEER_SUPPORT_WORKER)
    holder = models.ForeignKey(
        Peer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        help_text="The peer who holds the post now; empty while the post is vacant.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["team__name", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(band__gte=MIN_BAND) & Q(band__lte=MAX_BAND), name="post_band_between_2_and_9"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=FULL_TIME_HOURS), name="post_hours_positive_up_to_37_5"
            ),
            models.CheckConstraint(
                condition=Q(contract_type="fixed_term") | Q(fixed_term_end__isnull=True),
                name="post_fixed_term_end_only_for_fixed_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (Band {self.band}), {self.team}"

    @property
    def is_vacant(self) -> bool:
        return self.holder_id is None

    @property
    def whole_time_equivalent(self) -> Decimal:
        return (self.hours / FULL_TIME_HOURS).quantize(Decimal("0.01"))

    def clean(self) -> None:
        errors = {}
        if self.contract_type == self.ContractType.FIXED_TERM and not self.fixed_term_end:
            errors["fixed_term_end"] = "Give the date a fixed-term post ends."
        if self.contract_type == self.ContractType.PERMANENT and self.fixed_term_end:
            errors["fixed_term_end"] = "A permanent post has no end date; clear it or choose fixed term."
        if self.funding == self.Funding.CONVERTED and not self.converted_from:
            errors["converted_from"] = "Say which post this one was converted from."
        if self.holder_id and self.team_id and self.holder.trust_id != self.team.trust_id:
            errors["holder"] = "The post holder must be a peer of the same trust as the team."
        if errors:
            raise ValidationError(errors)


class StaffRole(models.Model):
    """A member of staff's role in a trust, trust-wide or limited to one team."""

    class Role(models.TextChoices):
        HR = "hr", "HR"
        PEER_LEAD = "peer_lead", "Peer support lead"
        LINE_MANAGER = "line_manager", "Line manager"
        SUPERVISOR = "supervisor", "Supervisor"
        PANEL_MEMBER = "panel_member", "Interview panel member"
        # Handles subject access requests for the trust (DESIGN section 3, "Subject access").
        IG_OFFICER = "ig_officer", "Information governance officer"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="staff_roles")
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff_roles",
        help_text="Leave empty for a trust-wide role.",
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["trust__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "trust", "role"],
                condition=Q(team__isnull=True),
                name="staff_role_unique_trust_wide",
            ),
            models.UniqueConstraint(
                fields=["user", "trust", "team", "role"],
                condition=Q(team__isnull=False),
                name="staff_role_unique_per_team",
            ),
        ]

    def __str__(self) -> str:
        where = self.team.name if self.team_id else f"{self.trust} (trust-wide)"
        return f"{self.user} - {self.get_role_display()}, {where}"

    def clean(self) -> None:
        if self.team_id and self.trust_id and self.team.trust_id != self.trust_id:
            raise ValidationError({"team": "The team must belong to the role's trust."})


class OwnCareTeamArrangement(models.Model):
    """A peer placed in the team that provides their care (seed 000, Box 10).

    While it is in force the peer's records are hidden from every member of that team except the
    named line manager and supervisor; the care arrangement is seen by HR and the peer lead alone.
    """

    peer = models.OneToOneField(Peer, on_delete=models.CASCADE, related_name="own_care_team")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="own_care_arrangements")
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="The named line manager."
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The named supervisor.",
    )
    care_arrangement = models.TextField(
        help_text="Where the peer will be treated if they become unwell (seen by HR and the peer lead alone)."
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.peer} is cared for by {self.team}"

    def clean(self) -> None:
        if self.peer_id and self.team_id and self.peer.trust_id != self.team.trust_id:
            raise ValidationError({"team": "The team must belong to the peer's trust."})


class ImmutableAccessLogError(Exception):
    """The sensitive-access log is append-only: a row is never changed, and removed only by retention."""


class SensitiveAccessLogQuerySet(models.QuerySet):
    """Rows of the log are added, never changed or deleted in bulk (OWASP ASVS 5.0 V16: logs protected from
    modification). The one sanctioned removal is `purge_for_retention`, which the retention job calls."""

    def update(self, **kwargs):
        raise ImmutableAccessLogError("The sensitive-access log cannot be changed.")

    def delete(self):
        raise ImmutableAccessLogError(
            "The sensitive-access log cannot be deleted; rows go only when the peer's records reach the end of "
            "their retention period (SensitiveAccessLog.objects.purge_for_retention)."
        )

    delete.queryset_only = True  # not on the manager either (Django's own convention for QuerySet.delete)

    def purge_for_retention(self, peer_ids) -> int:
        """Remove every read of the given peers' records, when those records are themselves removed at the end
        of their retention period. Returns how many rows went. The only way rows leave the log."""
        peer_ids = list(peer_ids)
        if not peer_ids:
            return 0
        rows = self.model._base_manager.filter(peer_id__in=peer_ids)
        # `_raw_delete` is the path Django's own collector takes for a cascade: one DELETE, no per-row signals.
        return rows._raw_delete(rows.db) or 0

    def reassign_to_merged_peer(self, *, from_peer_id: int, to_peer_id: int) -> int:
        """Point the reads of one peer's records at the peer they are merged into (`services.merge_peers`): two
        records of one person become one, and the person sees every read of their records. Who read what and
        when is unchanged. The only change the log allows."""
        rows = self.model._base_manager.filter(peer_id=from_peer_id)
        return models.QuerySet.update(rows, peer_id=to_peer_id)


class SensitiveAccessLog(models.Model):
    """One read of a sensitive record about a peer: who, what, when. Written only by
    `programmes.access.log_sensitive_read(s)`; never edited or deleted (the model and its queryset refuse),
    except by `SensitiveAccessLog.objects.purge_for_retention`. Deleting a peer cascades to their reads."""

    class RecordType(models.TextChoices):
        LIVED_EXPERIENCE = "lived_experience", "Lived-experience details"
        CARE_ARRANGEMENT = "care_arrangement", "Care arrangement"
        OCCUPATIONAL_HEALTH = "occupational_health", "Occupational health and reasonable adjustments"
        DBS = "dbs", "DBS decision"
        WELLNESS_ACTION_PLAN = "wap", "Wellness Action Plan"
        SUPERVISION_NOTES = "supervision_notes", "Supervision notes"
        RETURN_TO_WORK = "return_to_work", "Return-to-work conversation"
        SICKNESS_ABSENCE = "sickness_absence", "Sickness absence reason"

    class Channel(models.TextChoices):
        PAGE = "page", "Web page"
        ADMIN = "admin", "Administration"
        EXPORT = "export", "Export"
        PDF = "pdf", "PDF"

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="sensitive_reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    object_id = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PAGE)
    accessed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = SensitiveAccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        indexes = [models.Index(fields=["peer", "-accessed_at"])]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableAccessLogError("A row of the sensitive-access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableAccessLogError("A row of the sensitive-access log cannot be deleted.")

    def __str__(self) -> str:
        return f"{self.user} read {self.get_record_type_display()} of {self.peer} at {self.accessed_at:%Y-%m-%d %H:%M}"
