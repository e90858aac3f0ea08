"""Crispy forms for the shared model. They validate shape; the domain's rules live in services and
models, and the choices a user is offered come from `programmes.access`.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import access, nations
from .fields import BoundedDateField, BoundedModelForm
from .models import (
    CohortEnrolment,
    CostItem,
    FollowUpAction,
    JobDescription,
    KeyAccountability,
    Peer,
    PersonSpecificationCriterion,
    Post,
    Programme,
    ProjectAction,
    ReferenceItem,
    SteeringGroupMember,
    Team,
    TeamPreparationSession,
    TrainingCohort,
    TrainingCourse,
    Trust,
)


class CrispyModelForm(BoundedModelForm):
    """A model form rendered by crispy-forms inside the page's own <form> tag (its dates bounded:
    programmes.fields)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        for field in self.fields.values():
            field.error_messages["required"] = _required_message(field)


DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])


def _required_message(field: forms.Field) -> str:
    """'Enter the title' / 'Choose the team': say what to do, not 'This field is required'. A message the form
    gives itself (Meta.error_messages, or the field's own error_messages) is kept: where the label is a column's
    name ("Opens for applications"), the form says it as a sentence ("Enter the date applications open.")."""
    own = str(field.error_messages.get("required", DJANGO_REQUIRED))
    if own != DJANGO_REQUIRED:
        return own
    label = str(field.label or "")
    if label[1:2].islower():
        label = label[0].lower() + label[1:]
    verb = "Choose" if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) else "Enter"
    return f"{verb} the {label}."


class TrustForm(CrispyModelForm):
    class Meta:
        model = Trust
        fields = ["name", "nation", "ods_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_identifier_for_nation(self)


def label_identifier_for_nation(form) -> None:
    """A trust's code is labelled for its nation ("NHS board code" in Scotland) once the nation is known; a new
    trust's form names both (the trust form and the admin's)."""
    if form.instance.pk and "ods_code" in form.fields:
        found = nations.identifier(form.instance)
        form.fields["ods_code"].label = found.label
        form.fields["ods_code"].help_text = found.help_text


class TeamForm(CrispyModelForm):
    class Meta:
        model = Team
        fields = ["trust", "name", "service_type", "recovery_training_done"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["trust"]  # a team stays in its trust
        else:
            self.fields["trust"].queryset = access.trusts_for_new_teams(user)


class PostForm(CrispyModelForm):
    class Meta:
        model = Post
        fields = [
            "team",
            "title",
            "band",
            "hours",
            "contract_type",
            "fixed_term_end",
            "funding",
            "converted_from",
            "career_level",
            "holder",
        ]
        widgets = {"fixed_term_end": forms.DateInput(attrs={"type": "date"})}
        labels = {"holder": "Post holder"}
        help_texts = {"holder": "Leave empty while the post is vacant."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = access.teams_for_posts(user).select_related("trust")
        self.fields["holder"].queryset = access.visible_peers(user).select_related("trust")
        self.fields["band"].widget.attrs.update({"min": 2, "max": 9})
        self.fields["hours"].widget.attrs.update({"min": "0.01", "max": "37.5", "step": "0.01"})


class PeerForm(CrispyModelForm):
    """The peer's record as HR and the peer lead keep it."""

    class Meta:
        model = Peer
        fields = ["trust", "full_name", "preferred_name", "pronouns", "email", "phone", "lived_experience_summary"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["trust"]
        else:
            self.fields["trust"].queryset = access.trusts_for_new_peers(user)
        # Lived experience is recorded by the person or with the peer lead, never on creation by HR.
        if not (self.instance.pk and access.can_read_lived_experience(user, self.instance)):
            del self.fields["lived_experience_summary"]


class OwnDetailsForm(CrispyModelForm):
    """What a peer keeps about themselves from their own account."""

    class Meta:
        model = Peer
        fields = ["preferred_name", "pronouns", "email", "phone", "lived_experience_summary"]


class SignInForm(AuthenticationForm):
    """Django's sign-in form without autofocus, so the skip link and navigation come first for keyboard users."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."


# --- Phase 1, preparation ---------------------------------------------------------------------

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(CrispyModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "training_model",
            "target_peer_share",
            "start_date",
            "why_employ_peers",
            "difference_hoped_for",
        ]
        widgets = {"start_date": DATE, "why_employ_peers": forms.Textarea(attrs={"rows": 4})}


class SteeringGroupMemberForm(CrispyModelForm):
    class Meta:
        model = SteeringGroupMember
        fields = ["name", "job_title", "organisation", "represents"]
        error_messages = {"represents": {"required": "Choose what the member represents."}}


class ProjectActionForm(CrispyModelForm):
    class Meta:
        model = ProjectAction
        fields = ["action", "owner", "due_date", "status", "notes"]
        widgets = {"due_date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class CostItemForm(CrispyModelForm):
    class Meta:
        model = CostItem
        fields = ["category", "description", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs.update({"min": "0", "step": "0.01"})


class TeamPreparationSessionForm(CrispyModelForm):
    class Meta:
        model = TeamPreparationSession
        fields = ["held_on", "facilitator", "attendees", "notes"]
        widgets = {
            "held_on": DATE,
            "attendees": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class AgendaCoverageForm(forms.Form):
    """One agenda item of seed 000 ("Preparing the team"): covered or not, with notes."""

    covered = forms.BooleanField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["covered"].label = f"Covered: {item.title}"
        self.fields["notes"].label = f"Notes on {item.title[0].lower()}{item.title[1:]}"


class FollowUpActionForm(BoundedModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["action", "owner", "due_date", "done"]
        widgets = {"due_date": DATE}
        error_messages = {"action": {"required": "Enter the follow-up action."}}


FollowUpActionFormSet = forms.inlineformset_factory(
    TeamPreparationSession, FollowUpAction, form=FollowUpActionForm, extra=2, can_delete=True
)


class ChooseTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=JobDescription.objects.none(),
        label="Job description template",
        help_text="The post's own title, band and hours replace the template's; everything else can be edited after.",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the job description template to start from."},
    )

    def __init__(self, *args, user=None, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["template"].queryset = templates


class JobDescriptionForm(CrispyModelForm):
    class Meta:
        model = JobDescription
        fields = [
            "job_title",
            "band",
            "hours",
            "reports_to",
            "further_details",
            "role_purpose",
            "role_context",
            "dimensions",
            "skills_knowledge_experience",
            "communication_and_relationship_skills",
            "physical_effort",
            "emotional_effort",
            "working_conditions",
            "organisation_chart",
            "supplementary_information",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["further_details", "role_context", "physical_effort", "emotional_effort"]
        }


class KeyAccountabilityForm(BoundedModelForm):
    class Meta:
        model = KeyAccountability
        fields = ["heading", "duties", "performance_measures"]
        widgets = {
            "duties": forms.Textarea(attrs={"rows": 5}),
            "performance_measures": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "heading": {"required": "Enter the heading of the key accountability."},
            "duties": {"required": "Enter the duties, one a line."},
        }


class PersonSpecificationCriterionForm(BoundedModelForm):
    class Meta:
        model = PersonSpecificationCriterion
        fields = [
            "attribute",
            "essential",
            "essential_weight",
            "desirable",
            "desirable_weight",
            "by_application",
            "by_interview",
            "by_presentation",
            "identified_otherwise",
        ]
        error_messages = {"attribute": {"required": "Enter the attribute the criterion is about, e.g. Experience."}}
        widgets = {"essential": forms.Textarea(attrs={"rows": 4}), "desirable": forms.Textarea(attrs={"rows": 3})}


AccountabilityFormSet = forms.inlineformset_factory(
    JobDescription, KeyAccountability, form=KeyAccountabilityForm, extra=1, can_delete=True
)
CriterionFormSet = forms.inlineformset_factory(
    JobDescription, PersonSpecificationCriterion, form=PersonSpecificationCriterionForm, extra=1, can_delete=True
)


class TrainingCourseForm(CrispyModelForm):
    class Meta:
        model = TrainingCourse
        fields = [
            "trust",
            "name",
            "provider",
            "length",
            "length_days",
            "accreditation_option",
            "accreditation",
            "assessment_methods",
            "description",
        ]
        labels = {"accreditation": "Accreditation, in the course's own words"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["trust"]
            trusts = Trust.objects.filter(pk=self.instance.trust_id)
        else:
            self.fields["trust"].queryset = trusts = access.trusts_for_new_courses(user)
            self.fields["trust"].required = True
        # SQA/SVQ3 is offered where the course may be a Scottish trust's (the model refuses it elsewhere).
        options = ReferenceItem.objects.filter(kind=ReferenceItem.Kind.ACCREDITATION_OPTION)
        if not trusts.filter(nation=nations.Nation.SCOTLAND).exists():
            options = options.exclude(details__scotland_only=True)
        field = self.fields["accreditation_option"]
        field.queryset = options
        field.label_from_instance = lambda option: option.text
        field.empty_label = "None of these"


class TrainingCohortForm(CrispyModelForm):
    class Meta:
        model = TrainingCohort
        fields = ["programme", "name", "starts_on", "ends_on", "capacity", "venue"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        error_messages = {
            "starts_on": {"required": "Enter the date the cohort starts."},
            "ends_on": {"required": "Enter the date the cohort ends."},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["programme"].queryset = access.preparation_programmes(user)


class EnrolmentForm(CrispyModelForm):
    class Meta:
        model = CohortEnrolment
        fields = ["peer", "status", "placement_days", "assessment_result", "assessment_notes", "graduated_on"]
        widgets = {"graduated_on": DATE, "assessment_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, cohort, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["peer"]
        else:
            self.fields["peer"].queryset = access.editable_peers(user).filter(trust_id=cohort.programme.trust_id)


class AcknowledgementForm(forms.Form):
    acknowledged_on = BoundedDateField(label="Date acknowledged", widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        for field in self.fields.values():
            field.error_messages["required"] = _required_message(field)


class LanguageCheckForm(forms.Form):
    text = forms.CharField(
        label="Text to check",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Enter the text to check."},
    )
