"""Forms of recruitment's applications part: applications and their referees, moves through the
pipeline, shortlisting marks, interviews and their panels, invitations, interview scores and the
outcome. They check shape; the rules are in `recruitment.services`, and the choices offered come from
`programmes.access`.
"""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.html import escape

from programmes import access
from programmes.fields import BoundedFilterSet, BoundedModelForm
from programmes.forms import DATE, CrispyModelForm, _required_message
from programmes.pickers import StaffChoiceField

from .models import GROUP_SIZE, SCORE_CHOICES, SCORE_MAX, SCORE_MIN, Application, Interview, InterviewDimension, Referee
from .selectors import possible_same_people
from .services import allowed_next_stages

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MET_CHOICES = [("yes", "Met"), ("no", "Not met")]
SCALE = f"{SCORE_MIN}-{SCORE_MAX}"  # every score is shown with its scale
SUPPORT_FIELDS = (
    "support_with_form_requested",
    "support_with_interview_planning_requested",
    "support_on_the_day_requested",
)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class PlainForm(forms.Form):
    """A form rendered by crispy-forms inside the page's own <form>, with messages that say what to do."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = _helper()

    def say_what_to_do(self) -> None:
        for field in self.fields.values():
            field.error_messages["required"] = _required_message(field)


class ApplicationFilter(BoundedFilterSet):
    vacancy = django_filters.ModelChoiceFilter(queryset=None, label="Vacancy")
    # The list may span trusts of several nations, so the stage after the vetting check is named for all of them.
    stage = django_filters.ChoiceFilter(
        choices=[
            (value, "Criminal record check cleared" if value == Application.Stage.DBS_CLEARED else label)
            for value, label in Application.Stage.choices
        ],
        label="Stage",
    )

    class Meta:
        model = Application
        fields = ["vacancy", "stage"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request is not None else None
        self.filters["vacancy"].queryset = (
            access.visible_vacancies(user).select_related("post__team") if user is not None else None
        )


class ApplicationForm(CrispyModelForm):
    """An application made online, on paper or with support; the applicant is chosen on creation only."""

    class Meta:
        model = Application
        fields = [
            "applicant",
            "applied_on",
            *SUPPORT_FIELDS,
            "support_given",
            "disability_declared",
            "interview_adjustments",
        ]
        widgets = {
            "applied_on": DATE,
            "support_given": forms.Textarea(attrs={"rows": 3}),
            "interview_adjustments": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "disability_declared": (
                "Guaranteed interview: an applicant who declares a disability and meets every essential "
                "criterion identified by application must be shortlisted, whatever their score."
            ),
            "interview_adjustments": "For example: a quiet waiting room, extra time, questions in writing.",
        }
        error_messages = {"applied_on": {"required": "Enter the date of the application."}}

    def __init__(self, *args, user, vacancy=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.possible_same: list = []
        head = []
        if self.instance.pk:
            del self.fields["applicant"]  # an application stays with its applicant
        else:
            trust_id = vacancy.post.team.trust_id
            on_file = access.editable_peers(user).filter(trust_id=trust_id).exclude(pk=access.scope(user).peer_id)
            self.fields["applicant"].queryset = on_file.order_by("full_name")
            head = ["applicant"]
            if access.trusts_for_new_peers(user).filter(pk=trust_id).exists():
                self._offer_a_new_applicant(on_file)
                head = [
                    Fieldset(
                        "Who is applying",
                        "applicant",
                        *(["same_person"] if "same_person" in self.fields else []),
                        "new_full_name",
                        "new_email",
                        "new_phone",
                    )
                ]
        self.helper.layout = Layout(
            *head,
            "applied_on",
            Fieldset("Support asked for (ImROC guide, Phase 2)", *SUPPORT_FIELDS),
            "support_given",
            "disability_declared",
            "interview_adjustments",
        )

    def _offer_a_new_applicant(self, on_file) -> None:
        """Someone not yet on file is added in the same step; when their details match a person on file, the form
        asks whether it is the same person before a second record is made."""
        self.fields["applicant"].required = False
        self.fields["applicant"].empty_label = "Someone new: enter their details below"
        self.fields["applicant"].help_text = "Choose a person on file, or leave this and enter a new applicant below."
        self.fields["new_full_name"] = forms.CharField(
            label="New applicant's full name", max_length=200, required=False
        )
        self.fields["new_email"] = forms.EmailField(label="New applicant's email address", required=False)
        self.fields["new_phone"] = forms.CharField(label="New applicant's phone number", max_length=30, required=False)
        if not self.is_bound or self.data.get(self.add_prefix("applicant")):
            return
        self.possible_same = list(
            possible_same_people(
                on_file,
                full_name=self.data.get(self.add_prefix("new_full_name"), ""),
                email=self.data.get(self.add_prefix("new_email"), ""),
                phone=self.data.get(self.add_prefix("new_phone"), ""),
            )[:5]
        )
        if self.possible_same:
            self.fields["same_person"] = forms.ChoiceField(
                label="Is this one of the people on file?",
                widget=forms.RadioSelect,
                choices=[
                    *[(str(p.pk), f"Yes: {p.full_name}, {p.email or p.phone}") for p in self.possible_same],
                    ("new", "No: this is someone else; add a new person"),
                ],
                error_messages={"required": self._same_person_warning()},
            )

    def _same_person_warning(self) -> str:
        names = "; ".join(f"{p.full_name} ({p.email or p.phone})" for p in self.possible_same)
        return f"This may be the same person as {names}. Choose their record, or say that this is someone else."

    def clean(self):
        data = super().clean()
        if "new_full_name" not in self.fields:
            return data
        typed = (data.get("new_full_name") or "").strip()
        chosen = data.get("same_person")
        if data.get("applicant") is not None:
            if typed:
                self.add_error("new_full_name", "Choose a person on file or enter a new applicant, not both.")
        elif chosen and chosen != "new":
            data["applicant"] = next(p for p in self.possible_same if str(p.pk) == chosen)
        elif not typed and "applicant" not in self.errors:
            self.add_error("applicant", "Choose the applicant, or enter the full name of a new applicant.")
        return data

    def submission(self) -> dict:
        """The arguments of `services.submit_application` for who applies: a person on file, or a new one."""
        data = dict(self.cleaned_data)
        new = {k: data.pop(f"new_{k}", "") or "" for k in ("full_name", "email", "phone")}
        chosen = data.pop("same_person", None)
        applicant = data.pop("applicant", None)
        if applicant is not None:
            return {**data, "applicant": applicant}
        return {**data, "new_applicant": new, "despite_possible_duplicates": chosen == "new"}


class RefereeForm(BoundedModelForm):
    class Meta:
        model = Referee
        fields = ["name", "relationship", "contact"]
        help_texts = {
            "relationship": "People who have not worked for some time may give a care coordinator, consultant, "
            "volunteer supervisor or teacher."
        }
        error_messages = {
            "name": {"required": "Enter the referee's name."},
            "relationship": {"required": "Choose how the referee knows the applicant."},
            "contact": {"required": "Enter how to contact the referee: an email, phone or address."},
        }


RefereeFormSet = forms.inlineformset_factory(Application, Referee, form=RefereeForm, extra=2, can_delete=True)


def referees_of(formset) -> list[dict]:
    """The referees for `services.submit_application` / `update_application`: kept rows with their id."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        if not form.instance.pk and not form.has_changed():
            continue
        row = {k: data[k] for k in ("name", "relationship", "contact")}
        if form.instance.pk:
            row["id"] = form.instance.pk
        rows.append(row)
    return rows


class StageField(forms.ChoiceField):
    """Offers the allowed next stages but passes any known stage on, so that the service, which owns
    the pipeline's rules, explains why a move is refused."""

    def valid_value(self, value) -> bool:
        return value in Application.Stage.values


class MoveForm(PlainForm):
    to_stage = StageField(label="Move to", widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Optional: why, or what next."
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [
            (stage, Application.stage_label(stage, application.vacancy.post.team.trust))
            for stage in allowed_next_stages(application)
        ]
        self.fields["to_stage"].error_messages["required"] = "Choose the stage to move the application to."
        self.fields["to_stage"].error_messages["invalid_choice"] = "Choose one of the stages offered."


class ShortlistingMarksForm(PlainForm):
    """Met / not met for each person specification row identified by application."""

    def __init__(self, *args, rows, marks, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            mark = marks.get(row.pk)
            names = {}
            if row.essential.strip():
                names["essential"] = name = f"essential_{row.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=f"Essential criteria: {row.attribute}",
                    choices=MET_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={"required": f"Say whether the essential criteria for “{row.attribute}” are met."},
                    initial=_yes_no(mark.essential_met) if mark else None,
                )
            if row.desirable.strip():
                names["desirable"] = name = f"desirable_{row.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=f"Desirable criteria: {row.attribute}",
                    choices=MET_CHOICES,
                    widget=forms.RadioSelect,
                    required=False,
                    initial=_yes_no(mark.desirable_met) if mark else None,
                )
            self.rows.append(
                {
                    "criterion": row,
                    "essential": self[names["essential"]] if "essential" in names else None,
                    "desirable": self[names["desirable"]] if "desirable" in names else None,
                }
            )

    def marks(self) -> dict[int, tuple[bool | None, bool | None]]:
        data = self.cleaned_data
        return {
            r["criterion"].pk: (
                _met(data.get(f"essential_{r['criterion'].pk}")),
                _met(data.get(f"desirable_{r['criterion'].pk}")),
            )
            for r in self.rows
        }


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _met(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class InterviewForm(CrispyModelForm):
    class Meta:
        model = Interview
        fields = ["kind", "starts_at", "place", "capacity"]
        widgets = {"starts_at": DATETIME, "kind": forms.RadioSelect}
        help_texts = {
            "kind": "ImROC guide, Box 9: a group interview, three applicants in each group, puts people at ease.",
            "capacity": f"A group interview is for {GROUP_SIZE} applicants unless you change it; an individual "
            "interview is for one.",
        }
        error_messages = {"capacity": {"required": "Enter the number of applicants."}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": 12})

    def clean(self):
        data = super().clean()
        # An individual interview left with the group's default number is for one applicant.
        if data.get("kind") == Interview.Kind.INDIVIDUAL and data.get("capacity") == GROUP_SIZE:
            data["capacity"] = 1
        return data


class PanelMemberForm(forms.Form):
    user = StaffChoiceField(queryset=None, label="Panel member", required=False)
    role_on_panel = forms.CharField(
        label="Role on the panel", max_length=100, required=False, help_text="For example: chair, peer worker, HR."
    )
    is_peer_worker = forms.BooleanField(label="Is a peer worker", required=False)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates

    def clean(self):
        data = super().clean()
        if data.get("user") and not data.get("role_on_panel", "").strip():
            self.add_error("role_on_panel", "Enter the panel member's role on the panel.")
        if not data.get("user") and (data.get("role_on_panel") or data.get("is_peer_worker")):
            self.add_error("user", "Choose the panel member.")
        return data


class BasePanelFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            user = form.cleaned_data.get("user")
            if user is None:
                continue
            if user.pk in seen:
                form.add_error("user", f"{user} is already on this panel.")
            seen.add(user.pk)

    def seats(self) -> list[dict]:
        return [
            {
                "user": f.cleaned_data["user"],
                "role_on_panel": f.cleaned_data["role_on_panel"].strip(),
                "is_peer_worker": f.cleaned_data["is_peer_worker"],
            }
            for f in self.forms
            if f.cleaned_data.get("user")
        ]


PanelFormSet = forms.formset_factory(PanelMemberForm, formset=BasePanelFormSet, extra=3)


class InviteForm(PlainForm):
    applications = forms.ModelMultipleChoiceField(
        queryset=None, label="Shortlisted applicants to invite", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["applications"].label_from_instance = lambda a: a.applicant.full_name
        self.fields["applications"].error_messages["required"] = "Choose at least one shortlisted applicant."


def _criteria_text(row) -> str:
    """A person specification row's criteria, readable in one paragraph: "Essential: a; b. Desirable: c." """
    parts = []
    if row.essential_list:
        parts.append("Essential: " + "; ".join(row.essential_list) + ".")
    if row.desirable_list:
        parts.append("Desirable: " + "; ".join(row.desirable_list) + ".")
    return " ".join(parts)


class ScoreForm(PlainForm):
    """A panellist's scores: each Box 9 dimension 0-4, then each row identified at interview."""

    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, rows, scores, **kwargs):
        super().__init__(*args, **kwargs)
        notes = self.fields.pop("notes")
        self.dimension_fields, self.criterion_fields = [], []
        for dimension in InterviewDimension:
            name = f"dimension_{dimension.value}"
            existing = scores.get(dimension.value)
            self.fields[name] = forms.TypedChoiceField(
                label=f"{dimension.label} (scored {SCALE})",
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                initial=existing.score if existing else None,
                error_messages={"required": f"Score “{dimension.label}”."},
            )
            self.dimension_fields.append(name)
            if existing and existing.notes and dimension == InterviewDimension.COMMUNICATION:
                notes.initial = existing.notes
        for row in rows:
            name = f"criterion_{row.pk}"
            existing = scores.get(f"criterion-{row.pk}")
            self.fields[name] = forms.TypedChoiceField(
                label=f"{row.attribute} (scored {SCALE})",
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=existing.score if existing else None,
                # Help text is printed unescaped; the criteria are typed in by staff (issue 21).
                help_text=escape(_criteria_text(row)),
            )
            self.criterion_fields.append(name)
        self.fields["notes"] = notes

    @property
    def dimension_boundfields(self) -> list:
        return [self[name] for name in self.dimension_fields]

    @property
    def criterion_boundfields(self) -> list:
        return [self[name] for name in self.criterion_fields]

    def dimension_scores(self) -> dict[str, int]:
        return {name.removeprefix("dimension_"): self.cleaned_data[name] for name in self.dimension_fields}

    def criterion_scores(self) -> dict[int, int | None]:
        return {int(name.removeprefix("criterion_")): self.cleaned_data.get(name) for name in self.criterion_fields}


class OutcomeForm(CrispyModelForm):
    class Meta:
        model = Application
        fields = ["presentation_notes", "feedback"]
        widgets = {
            "presentation_notes": forms.Textarea(attrs={"rows": 5}),
            "feedback": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "presentation_notes": "The applicant's presentation of their recovery story (ImROC guide, Box 9).",
            "feedback": "What the panel tells the applicant, whatever the outcome.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
