"""Forms of the outcomes app (issue 18 items 1 and 2): they check shape; the rules (no negative counts, no more goals
achieved than agreed, no month not yet begun, averages with every pair) live in `outcomes.services`, which says what
is wrong beside the field."""

from __future__ import annotations

from django import forms

from programmes.fields import BoundedDateField
from programmes.forms import CrispyModelForm

from .models import CaseloadAgreement, EvaluationQuestion, OutcomeMeasure, TeamAllocation, TeamReturn

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class PlanStartForm(forms.Form):
    """The questions the plan starts with, one a line (offered from the readiness answer)."""

    questions = forms.CharField(
        label="The questions the programme set itself",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One question a line. Started from your readiness answer to “What difference do we hope they "
        "will make?”: change them as you wish.",
        error_messages={"required": "Enter at least one question, one a line."},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from crispy_forms.helper import FormHelper

        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class QuestionForm(CrispyModelForm):
    class Meta:
        model = EvaluationQuestion
        fields = ["question", "measures", "order"]
        widgets = {"measures": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"question": {"required": "Enter the question."}}


class MeasureForm(CrispyModelForm):
    class Meta:
        model = OutcomeMeasure
        fields = ["slot", "name", "description", "scale_low", "scale_high"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"slot": "Which measure"}
        error_messages = {"name": {"required": "Enter the measure's name."}}

    def _post_clean(self):
        pass  # the service checks the slot and the scale, beside the field


class MonthField(BoundedDateField):
    """A month, typed as 2026-10 (a browser's month picker) or as a date in it; between 1900 and 2100, as every
    date."""

    input_formats = ["%Y-%m", "%Y-%m-%d", "%m/%Y", "%d/%m/%Y"]

    def __init__(self, **kwargs):
        super().__init__(input_formats=self.input_formats, widget=MONTH, **kwargs)


class TeamReturnForm(CrispyModelForm):
    """A team's return for a month: counts only. The outcome measures' labels name the trust's measures; a measure
    the programme has not chosen is left out."""

    month = MonthField(
        label="Month",
        help_text="The month the return is for, e.g. 2026-10.",
        error_messages={"required": "Enter the month the return is for.", "invalid": "Enter the month as 2026-10."},
    )

    class Meta:
        model = TeamReturn
        fields = ["month", *TeamReturn.COUNTS, *TeamReturn.MEASURES]
        labels = {"people_supported": "People supported"}
        help_texts = {
            "people_supported": "How many different people the team's peer workers supported in the month.",
            "goals_agreed": "Goals agreed with the people supported in the month.",
            "goals_achieved": "Goals achieved in the month (no more than agreed).",
        }

    def __init__(self, *args, measures: dict[int, OutcomeMeasure] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        measures = measures or {}
        for n in (1, 2):
            measure = measures.get(n)
            if measure is None:
                for when in ("pairs", "before", "after"):
                    del self.fields[f"measure_{n}_{when}"]
                continue
            scale = f"scored {measure.scale_low.normalize():f} to {measure.scale_high.normalize():f}"
            self.fields[f"measure_{n}_pairs"].label = f"{measure.name}: before/after pairs"
            self.fields[
                f"measure_{n}_pairs"
            ].help_text = "How many anonymous pairs of scores (at the start and at the review) the averages are of."
            self.fields[f"measure_{n}_before"].label = f"{measure.name}: average before"
            self.fields[f"measure_{n}_before"].help_text = f"The average first score of the pairs ({scale})."
            self.fields[f"measure_{n}_after"].label = f"{measure.name}: average after"
            self.fields[f"measure_{n}_after"].help_text = f"The average later score of the pairs ({scale})."
        for name in TeamReturn.COUNTS:
            self.fields[name].min_value = 0
            self.fields[name].error_messages["invalid"] = "Enter a whole number, e.g. 12."
            self.fields[name].widget.attrs["min"] = 0
        if self.instance.pk:
            self.initial["month"] = self.instance.month

    def _post_clean(self):
        pass  # the service checks the return as a whole (and says so beside the field)


class AllocationForm(CrispyModelForm):
    class Meta:
        model = TeamAllocation
        fields = ["process"]
        widgets = {"process": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"process": {"required": "Enter how the team decides whom a peer works with."}}

    def _post_clean(self):
        pass  # the team is the page's, set by the service


class CaseloadForm(CrispyModelForm):
    """A caseload agreed in supervision with `peer`; the sessions offered are those the peer attended."""

    class Meta:
        model = CaseloadAgreement
        fields = ["agreed_on", "caseload", "capacity", "supervision_session"]
        widgets = {"agreed_on": DATE}
        error_messages = {
            "agreed_on": {"required": "Enter the day it was agreed."},
            "caseload": {"required": "Enter the current caseload."},
            "capacity": {"required": "Enter the capacity agreed.", "min_value": "Enter a capacity of at least 1."},
        }

    def __init__(self, *args, peer, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervision_session"].queryset = sessions
        self.fields["supervision_session"].label_from_instance = lambda s: (
            f"{s.get_kind_display()} supervision on {s.date.day} {s.date:%B %Y}"
        )

    def _post_clean(self):
        pass  # the placement is found by the service
