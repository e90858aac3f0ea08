"""Forms of recruitment's adverts part: vacancies and their adverts (seed 000 Appendix I), orientation
sessions, bookings and attendance, and benefits advice. They check shape; the rules are in services,
and the choices offered come from `programmes.access`.
"""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms

from programmes import access
from programmes.fields import BoundedFilterSet
from programmes.forms import DATE, CrispyModelForm
from programmes.models import Peer

from .models import BenefitsAdvice, OrientationSession, Vacancy

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ADVERT_TEXT = ("introduction", "about_the_trust", "key_details", "essential_criteria", "where_advertised")


class VacancyFilter(BoundedFilterSet):
    status = django_filters.ChoiceFilter(choices=Vacancy.Status.choices)

    class Meta:
        model = Vacancy
        fields = ["status"]


class VacancyForm(CrispyModelForm):
    """A vacancy and its advert, in the order of seed 000 Appendix I."""

    class Meta:
        model = Vacancy
        fields = [
            "post",
            "job_title",
            "reference",
            "location",
            "job_type",
            "pay_band",
            "hours",
            "introduction",
            "about_the_trust",
            "key_details",
            "essential_criteria",
            "informal_contact_name",
            "informal_contact_details",
            "where_advertised",
            "advertised_to_user_groups",
            "opens_on",
            "closes_on",
            "status",
        ]
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "about_the_trust": forms.Textarea(attrs={"rows": 4}),
            "key_details": forms.Textarea(attrs={"rows": 5}),
            "essential_criteria": forms.Textarea(attrs={"rows": 6}),
            "where_advertised": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"post": "The post being recruited to; its job description fills the advert's first draft."}
        error_messages = {
            "opens_on": {"required": "Enter the date applications open."},
            "closes_on": {"required": "Enter the date applications close."},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["post"]  # a vacancy stays with its post
        else:
            self.fields["post"].queryset = access.recruitment_posts(user).select_related("team")
        self.fields["hours"].widget.attrs.update({"min": "0.5", "max": "37.5", "step": "0.5"})


class OrientationSessionForm(CrispyModelForm):
    class Meta:
        model = OrientationSession
        fields = [
            "programme",
            "starts_at",
            "place",
            "capacity",
            "vacancies",
            *OrientationSession.COVERAGE_FIELDS,
            "notes",
        ]
        widgets = {
            "starts_at": DATETIME,
            "vacancies": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"vacancies": "Vacancies the session covers"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["programme"].queryset = access.preparation_programmes(user).select_related("trust")
        self.fields["vacancies"].queryset = access.editable_vacancies(user).select_related("post__team")
        self.fields["capacity"].widget.attrs.update({"min": 1})
        self.helper.layout = Layout(
            "programme",
            "starts_at",
            "place",
            "capacity",
            "vacancies",
            Fieldset("What the session covers", *OrientationSession.COVERAGE_FIELDS),
            "notes",
        )

    def clean(self):
        data = super().clean()
        programme, vacancies = data.get("programme"), data.get("vacancies")
        if programme and vacancies:
            others = [v for v in vacancies if v.post.team.trust_id != programme.trust_id]
            if others:
                self.add_error("vacancies", "Choose only vacancies of the programme's own trust.")
        return data


class BookingForm(forms.Form):
    """Book a place at an orientation session for a peer of the session's trust."""

    peer = forms.ModelChoiceField(queryset=Peer.objects.none(), label="Person booking a place")

    def __init__(self, *args, user, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["peer"].queryset = access.editable_peers(user).filter(trust_id=session.programme.trust_id)
        self.fields["peer"].error_messages["required"] = "Choose the person booking a place."
        self.fields["peer"].error_messages["invalid_choice"] = "Choose a person from the list."


ATTENDANCE_CHOICES = [("yes", "Attended"), ("no", "Did not attend"), ("", "Not recorded")]
ATTENDANCE_VALUES = {"yes": True, "no": False, "": None}


class AttendanceForm(forms.Form):
    """One choice per booking: attended, did not attend, or not recorded yet."""

    def __init__(self, *args, bookings, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for booking in self.bookings:
            current = {True: "yes", False: "no"}.get(booking.attended, "")
            self.fields[f"booking-{booking.pk}"] = forms.ChoiceField(
                label=booking.peer.full_name,
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=current,
            )

    def rows(self):
        return [(booking, self[f"booking-{booking.pk}"]) for booking in self.bookings]

    def attended(self) -> dict[int, bool | None]:
        return {b.pk: ATTENDANCE_VALUES[self.cleaned_data.get(f"booking-{b.pk}") or ""] for b in self.bookings}


class BenefitsAdviceForm(CrispyModelForm):
    class Meta:
        model = BenefitsAdvice
        fields = ["given_on", "given_by", "session", "signposting_given", "better_off_calculation_done", "notes"]
        widgets = {"given_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"session": "At an orientation session"}
        help_texts = {"session": "Leave empty when the advice was given elsewhere."}
        error_messages = {
            "given_on": {"required": "Enter the date the advice was given."},
            "given_by": {"required": "Enter who gave the advice."},
        }

    def __init__(self, *args, user, peer, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["session"].queryset = access.visible_orientation_sessions(user).filter(
            programme__trust_id=peer.trust_id
        )
