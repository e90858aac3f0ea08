"""Forms of the career pathway and competency assessments (phase 4). They check shape; the rules (overlaps,
target dates for essential competencies, who may assess) live in `development.services`, and the choices
offered come from `programmes.access`."""

from __future__ import annotations

from django import forms

from programmes import access
from programmes.fields import BoundedDateField
from programmes.forms import CrispyModelForm, _required_message

from .models import CareerLevel, CompetencyAssessment, DescriptorRating, Progression
from .services import rating_field

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.bands})" if obj.bands else obj.name


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title}, {obj.team.name} (Band {obj.band})"


class ProgressionForm(CrispyModelForm):
    """A new step of a peer's career: the level of the pathway, the post, and when it started."""

    level = LevelChoiceField(
        queryset=CareerLevel.objects.none(),
        required=False,
        help_text="Leave empty to take the level of the post chosen below.",
    )
    post = PostChoiceField(queryset=None, required=False, help_text="The post held at this step, if any.")

    class Meta:
        model = Progression
        fields = ["level", "post", "started_on", "notes"]
        labels = {"started_on": "Started on"}
        error_messages = {"started_on": {"required": "Enter the date this step started."}}
        help_texts = {"started_on": "The peer's current step ends the day before."}
        widgets = {"started_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, peer, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["level"].queryset = CareerLevel.objects.order_by("order")
        self.fields["post"].queryset = (
            access.visible_posts(user).filter(team__trust_id=peer.trust_id).select_related("team").order_by("title")
        )


class RatingStatusField(forms.ChoiceField):
    widget = forms.RadioSelect


def _descriptor_label(descriptor) -> str:
    return descriptor.text


class AssessmentForm(CrispyModelForm):
    """An assessment against a framework: when and where it was made, then, for each descriptor, whether it is
    demonstrated (with the evidence), developing or not yet (with a target date). The descriptor fields are
    rendered by the template, one fieldset per domain."""

    class Meta:
        model = CompetencyAssessment
        fields = ["assessed_on", "context", "supervision_session", "review", "summary"]
        labels = {
            "assessed_on": "Date of the assessment",
            "context": "Made in",
            "supervision_session": "Supervision session",
            "review": "Review or appraisal",
            "summary": "Strengths seen",
        }
        help_texts = {
            "supervision_session": "Optional: the session the assessment was made in.",
            "review": "Optional: the interim review or appraisal it was made at.",
            "summary": "In a few words, what the peer does well.",
        }
        widgets = {"assessed_on": DATE, "context": forms.RadioSelect, "summary": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"context": {"required": "Choose where the assessment was made."}}

    def __init__(self, *args, user, peer, framework, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.peer, self.framework = peer, framework
        sessions = access.visible_supervision_sessions(user).filter(attendances__peer=peer).order_by("-date", "-pk")
        self.fields["supervision_session"].queryset = sessions.distinct()
        self.fields["review"].queryset = (
            access.visible_reviews(user).filter(placement__peer=peer).order_by("due_on", "pk")
        )
        self.fields["review"].label_from_instance = lambda r: f"{r.get_kind_display()}, due {r.due_on:%-d %b %Y}"
        self.domains = list(framework.domains.all())
        self.descriptor_fields = {}
        for domain in self.domains:
            for descriptor in domain.descriptors.all():
                text = _descriptor_label(descriptor)
                status = forms.ChoiceField(
                    label=text, choices=DescriptorRating.Status.choices, widget=forms.RadioSelect, required=False
                )
                evidence = forms.CharField(
                    label=f"Evidence for “{text}”",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                target_on = BoundedDateField(label=f"Target date for “{text}”", required=False, widget=DATE)
                for name, field in (("status", status), ("evidence", evidence), ("target_on", target_on)):
                    self.fields[rating_field(name, descriptor)] = field
                self.descriptor_fields[descriptor.pk] = descriptor
        for field in self.fields.values():
            field.error_messages["required"] = _required_message(field)
        self.helper.layout = None
        self.helper.form_show_labels = True

    def rows(self):
        """For the template: each domain with, for each descriptor, its three bound fields."""
        for domain in self.domains:
            yield (
                domain,
                [
                    {
                        "descriptor": d,
                        "status": self[rating_field("status", d)],
                        "evidence": self[rating_field("evidence", d)],
                        "target_on": self[rating_field("target_on", d)],
                    }
                    for d in domain.descriptors.all()
                ],
            )

    def main_fields(self):
        return [self[name] for name in self._meta.fields]

    def ratings(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "descriptor": descriptor,
                "status": data.get(rating_field("status", pk)) or "",
                "evidence": data.get(rating_field("evidence", pk)) or "",
                "target_on": data.get(rating_field("target_on", pk)),
            }
            for pk, descriptor in self.descriptor_fields.items()
        ]

    def assessment_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
