"""Crispy forms and list filters of workforce growth and wider system change (phase 4). They check shape; the
rules (a team of the programme's trust, a post only for a conversion, the evidence's size...) live in
development.services_growth, and the choices offered come from programmes.access."""

from __future__ import annotations

import django_filters
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q

from programmes import access
from programmes.fields import BoundedFilterSet
from programmes.forms import CrispyModelForm
from programmes.models import MAX_BAND, MIN_BAND, Post

from .models import NewService, SystemChangeContribution, TeamEstablishment, VacancyReview, evidence_problems

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})
BANDS = [(b, f"Band {b}") for b in range(MIN_BAND, MAX_BAND + 1)]
PEER_LEVELS = [(v, label) for v, label in Post.CareerLevel.choices if v != Post.CareerLevel.PRE_PEER]


def _teams(user):
    return access.editable_teams(user).select_related("trust").order_by("name", "pk")


def _programmes(user):
    return access.growth_programmes(user).select_related("trust").order_by("name", "pk")


class ServiceCheckedForm(CrispyModelForm):
    """The service validates the record as a whole and says so beside the field; the model's own checks
    would repeat its messages."""

    def _post_clean(self):
        pass


class EstablishmentForm(ServiceCheckedForm):
    class Meta:
        model = TeamEstablishment
        fields = ["team", "as_of", "headcount", "whole_time_equivalent"]
        widgets = {"as_of": DATE}
        labels = {
            "as_of": "Date of these figures",
            "headcount": "Headcount of the whole team",
            "whole_time_equivalent": "Whole-time equivalent of the whole team",
        }
        help_texts = {
            "headcount": "Everyone who works in the team, peer workers included.",
            "whole_time_equivalent": "The team's hours over a full-time week (37.5 hours), e.g. 17.5.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["team"]  # an establishment stays with its team
        else:
            self.fields["team"].queryset = _teams(user)


class VacancyReviewForm(ServiceCheckedForm):
    create_post = forms.BooleanField(
        label="Create the peer post now",
        required=False,
        help_text="Only when the decision is to convert. The post is funded as converted from this vacancy.",
    )
    post_title = forms.CharField(label="Title of the peer post", max_length=200, required=False)
    post_band = forms.TypedChoiceField(
        label="Band of the peer post",
        choices=[("", "The vacancy's band"), *BANDS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    post_hours = forms.DecimalField(
        label="Hours per week of the peer post",
        max_digits=4,
        decimal_places=2,
        required=False,
        help_text="Leave empty for the vacancy's hours.",
    )
    post_level = forms.ChoiceField(
        label="Career level of the peer post", choices=PEER_LEVELS, initial=Post.CareerLevel.PEER_SUPPORT_WORKER
    )

    class Meta:
        model = VacancyReview
        fields = ["programme", "team", "vacancy", "band", "hours", "considered_on", "decision", "reason"]
        widgets = {"considered_on": DATE, "reason": SHORT_TEXT, "decision": forms.RadioSelect}
        labels = {
            "band": "Band of the vacancy",
            "hours": "Hours per week of the vacancy",
            "considered_on": "Date of the decision",
            "reason": "Reason for the decision",
        }
        help_texts = {"vacancy": "The post as the team knows it, e.g. Healthcare Assistant."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["programme"].queryset = _programmes(user)
        self.fields["team"].queryset = _teams(user)
        self.fields["band"] = forms.TypedChoiceField(
            label="Band of the vacancy",
            choices=[("", "Not known"), *BANDS],
            coerce=int,
            empty_value=None,
            required=False,
        )
        self.fields["decision"].choices = VacancyReview.Decision.choices
        self.helper.layout = Layout(
            Fieldset("The vacancy", "programme", "team", "vacancy", "band", "hours"),
            Fieldset("The decision", "considered_on", "decision", "reason"),
            Fieldset(
                "The new peer post",
                HTML(
                    '<p class="form-text">When the vacancy is converted, you may create the peer post in the team '
                    "at once.</p>"
                ),
                "create_post",
                "post_title",
                "post_band",
                "post_hours",
                "post_level",
            ),
        )


class NewServiceForm(ServiceCheckedForm):
    class Meta:
        model = NewService
        fields = ["programme", "name", "starts_on", "includes_peer_posts", "peer_posts", "notes"]
        widgets = {"starts_on": DATE, "notes": SHORT_TEXT}
        labels = {
            "name": "Name of the service",
            "starts_on": "Date the service starts",
            "includes_peer_posts": "The service includes peer posts",
        }
        help_texts = {
            "peer_posts": "How many peer posts the service includes; 0 when it has none.",
            "includes_peer_posts": "ImROC guide: organisations require all new services to include peer worker posts.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["peer_posts"].required = False
        if self.instance.pk:
            del self.fields["programme"]  # a service stays with its programme
        else:
            self.fields["programme"].queryset = _programmes(user)


class PeerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class ContributionForm(ServiceCheckedForm):
    evidence_link = forms.URLField(
        label="Link to evidence",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Or a link to where the evidence is kept, e.g. the published guidance.",
    )

    class Meta:
        model = SystemChangeContribution
        fields = ["programme", "kind", "title", "description", "happened_on", "peers", "evidence", "evidence_link"]
        field_classes = {"peers": PeerChoiceField}
        widgets = {
            "happened_on": DATE,
            "description": SHORT_TEXT,
            "peers": forms.CheckboxSelectMultiple,
            "evidence": forms.FileInput,
            "kind": forms.RadioSelect,
        }
        labels = {
            "kind": "Kind of contribution",
            "happened_on": "Date",
            "peers": "Peer workers involved",
            "evidence": "Evidence (a document)",
        }
        help_texts = {
            "description": "What the peers did and what changed.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        programmes = _programmes(user)
        self.fields["programme"].queryset = programmes
        self.fields["kind"].choices = SystemChangeContribution.Kind.choices
        # The peer workers of the programmes' trusts whom the user sees: holding a post or placed in one.
        self.fields["peers"].queryset = (
            access.visible_peers(user)
            .filter(trust__in=programmes.values("trust"))
            .filter(Q(posts__isnull=False) | Q(placements__isnull=False))
            .distinct()
            .order_by("full_name", "pk")
        )

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        problems = evidence_problems(evidence) if isinstance(evidence, UploadedFile) else []
        if problems:
            raise forms.ValidationError(problems)
        return evidence


# --- List filters ----------------------------------------------------------------------------------


class VacancyReviewFilter(BoundedFilterSet):
    decision = django_filters.ChoiceFilter(label="Decision", choices=VacancyReview.Decision.choices)
    team = django_filters.ModelChoiceFilter(label="Team", queryset=None)

    class Meta:
        model = VacancyReview
        fields = ["decision", "team"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["team"].queryset = _teams(request.user)


class NewServiceFilter(BoundedFilterSet):
    includes_peer_posts = django_filters.BooleanFilter(label="Includes peer posts")

    class Meta:
        model = NewService
        fields = ["includes_peer_posts"]


class ContributionFilter(BoundedFilterSet):
    kind = django_filters.ChoiceFilter(label="Kind", choices=SystemChangeContribution.Kind.choices)

    class Meta:
        model = SystemChangeContribution
        fields = ["kind"]
