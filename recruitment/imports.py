"""Import of applications from another recruitment system's export (issue 20 item 2), e.g. NHS Jobs: one row per
application, for a vacancy of the trust found by its advert reference. Registered with `programmes.imports` (found
by its autodiscovery), so the CSV import page and the API's import endpoint both offer it, check every row the same
way and save nothing when any row is wrong; each application is recorded by `recruitment.services.submit_application`
(its first stage, history and the checks of a vacancy taking applications)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from programmes import access
from programmes.imports import Column, StaffResource, date_cell, register, required_text, text

from . import selectors, services
from .models import Application

YES = {"yes", "y", "true", "1"}
NO = {"", "no", "n", "false", "0"}
SUPPORT_COLUMNS = {
    "support_with_form": "support_with_form_requested",
    "support_with_interview_planning": "support_with_interview_planning_requested",
    "support_on_the_day": "support_on_the_day_requested",
}


def yes_no(row: dict, name: str, errors: dict) -> bool:
    value = text(row, name).lower()
    if value in YES:
        return True
    if value not in NO:
        errors.setdefault(name, []).append(f"“{text(row, name)}” in “{name}” is not yes or no.")
    return False


@register
class ApplicationResource(StaffResource):
    """Applications made through another recruitment system. The applicant is the trust's peer with the row's email,
    or a new person added with the application."""

    kind = "applications"
    label = "Applications"
    columns = (
        Column(
            "vacancy_reference",
            "The advert's reference number, as on the vacancy (and on NHS Jobs).",
            "324-PSW-0425",
            required=True,
        ),
        Column("full_name", "The applicant's full name.", "Alex Smith", required=True),
        Column("email", "The applicant's email: an applicant already on file with it is linked.", "alex@example.com"),
        Column("phone", "The applicant's phone number (optional).", "07700 900123"),
        Column("applied_on", "When they applied (YYYY-MM-DD).", "2025-04-14", required=True),
        Column("support_with_form", "yes if they asked for support with the application form.", "no"),
        Column("support_with_interview_planning", "yes if they asked for support to plan for interview.", "no"),
        Column("support_on_the_day", "yes if they asked for support on the day of the interview.", "no"),
        Column("disability_declared", "yes if they declared a disability (guaranteed interview scheme).", "no"),
    )

    class Meta(StaffResource.Meta):
        model = Application

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen: dict[tuple[int, str], int] = {}  # (vacancy, applicant's email or name): the first row with it
        self.row_number = 0

    def find(self, row):
        return Application()

    def import_instance(self, instance, row, **kwargs):
        self.row_number = kwargs["row_number"]
        super().import_instance(instance, row, **kwargs)

    def read_row(self, instance, row) -> dict:
        errors: dict = {}
        if not access.can_keep_recruitment(self.user):
            raise ValidationError("You cannot record applications.")
        reference = required_text(row, "vacancy_reference", errors)
        vacancy = None
        if reference:
            vacancy = (
                access.editable_vacancies(self.user)
                .select_related("post__team__trust")
                .filter(post__team__trust=self.trust, reference__iexact=reference)
                .order_by("-opens_on", "pk")
                .first()
            )
            if vacancy is None:
                errors.setdefault("vacancy_reference", []).append(
                    f"No vacancy of {self.trust} has the reference “{reference}”."
                )
            elif vacancy.status not in services.TAKING_APPLICATIONS:
                errors.setdefault("vacancy_reference", []).append(
                    f"The vacancy “{reference}” is {vacancy.get_status_display().lower()}: it takes no applications."
                )
        full_name = required_text(row, "full_name", errors)
        email, phone = text(row, "email"), text(row, "phone")
        values = {
            "vacancy": vacancy,
            "applied_on": date_cell(row, "applied_on", errors, required=True),
            "disability_declared": yes_no(row, "disability_declared", errors),
            **{field: yes_no(row, column, errors) for column, field in SUPPORT_COLUMNS.items()},
        }
        applicant = None
        if email:
            applicant = access.editable_peers(self.user).filter(trust=self.trust, email__iexact=email).first()
        if applicant is not None:
            values["applicant"] = applicant
        elif full_name:
            same = selectors.possible_same_people(
                access.editable_peers(self.user).filter(trust=self.trust), full_name=full_name, phone=phone
            )
            if same.exists():
                errors.setdefault("full_name", []).append(
                    f"Someone called {full_name} with this phone number is already on file: give their email to link "
                    "the application to them."
                )
            values["new_applicant"] = {"full_name": full_name, "email": email, "phone": phone}
        if vacancy is not None and full_name:
            key = (vacancy.pk, (email or full_name).lower())
            first = self.seen.setdefault(key, self.row_number)
            if first != self.row_number:
                errors.setdefault("email", []).append(f"Row {first} is the same applicant for the same vacancy.")
            elif applicant is not None and Application.objects.filter(vacancy=vacancy, applicant=applicant).exists():
                errors.setdefault("email", []).append(f"{applicant} has already applied for this vacancy.")
        if errors:
            raise ValidationError(errors)
        return values

    def describe(self, instance, values: dict) -> str:
        who = values["applicant"].full_name if "applicant" in values else values["new_applicant"]["full_name"]
        return f"Add the application of {who} for {values['vacancy'].job_title} ({values['vacancy'].reference})"

    def save_row(self, instance, values: dict) -> None:
        services.submit_application(by=self.user, despite_possible_duplicates=True, **values)
