"""Phase 1 (preparation) through its web pages: bad input is explained beside its field and saves
nothing; good input saves once, with a message; and what each person is shown."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.forms.formsets import BaseFormSet
from django.urls import reverse
from django.utils import timezone

from programmes.models import (
    AgendaCoverage,
    CodeOfConductAcknowledgement,
    CohortEnrolment,
    CostItem,
    FollowUpAction,
    JobDescription,
    KeyAccountability,
    PersonSpecificationCriterion,
    Programme,
    ProjectAction,
    ReferenceItem,
    TeamPreparationSession,
    TrainingCohort,
    TrainingCourse,
)
from programmes.services import code_of_conduct_version, create_job_description_from_template

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

# --- Helpers --------------------------------------------------------------------------------------


def field_html(response, name: str) -> str:
    """The rendered block of one form field: its label, input, help and errors."""
    html = response.content.decode()
    start = html.index(f'id="div_id_{name}"')
    end = html.find('id="div_id_', start + 1)
    return html[start : end if end != -1 else html.index("</form>", start)]


def error_summary(response) -> list[str]:
    html = response.content.decode()
    assert "There is a problem" in html
    start = html.index("error-summary")
    summary = html[start : html.index("</ul>", start)]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary, re.S)]


def assert_beside_field(response, name: str, message: str) -> None:
    block = field_html(response, name)
    assert f'id="error_1_id_{name}"' in block
    assert message in block
    assert 'aria-invalid="true"' in block


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def form_data(*forms) -> dict:
    """What a browser sends back for forms and formsets as the page shows them (their initial values)."""
    data: dict = {}
    for form in forms:
        parts = [form.management_form, *form.forms] if isinstance(form, BaseFormSet) else [form]
        for part in parts:
            for bound in part:
                value = bound.value()
                if value is None or value is False:
                    continue
                data[bound.html_name] = "on" if value is True else value
    return data


def rows(queryset) -> list[dict]:
    return list(queryset.order_by("pk").values())


def programme_of(world) -> Programme:
    return Programme.objects.get(trust=world.trust)


def agenda_items() -> list[ReferenceItem]:
    return list(ReferenceItem.objects.filter(kind=ReferenceItem.Kind.TEAM_PREPARATION_AGENDA).order_by("number"))


# --- Organisation readiness: costs and project actions -------------------------------------------


NEGATIVE_AMOUNT = "The amount cannot be negative; enter £0 or more."


def cost_form(**overrides) -> dict:
    return {"category": CostItem.Category.SALARY, "description": "Two Band 3 peer support workers", **overrides}


def test_a_negative_cost_is_explained_beside_the_amount_and_saves_nothing(client, world):
    client.force_login(world.hr_officer)
    programme = programme_of(world)

    response = client.post(reverse("programmes:cost-item-create", args=[programme.pk]), cost_form(amount="-100"))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["amount"], errors
    (message,) = errors["amount"]
    assert message == NEGATIVE_AMOUNT
    assert_beside_field(response, "amount", message)
    assert error_summary(response) == [f"Amount (£ a year): {message}"]
    assert not CostItem.objects.exists()


def test_a_negative_cost_on_an_existing_line_is_refused_and_the_line_is_unchanged(client, world):
    client.force_login(world.peer_lead)
    cost = CostItem.objects.create(
        programme=programme_of(world), category="training", description="Course fees", amount=Decimal("4000")
    )

    response = client.post(
        reverse("programmes:cost-item-update", args=[cost.pk]), cost_form(category="training", amount="-1")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"amount": [NEGATIVE_AMOUNT]}
    assert_beside_field(response, "amount", NEGATIVE_AMOUNT)
    cost.refresh_from_db()
    assert (cost.description, cost.amount) == ("Course fees", Decimal("4000.00"))
    assert cost.history.count() == 1


def test_a_valid_cost_is_saved_once_with_a_message(client, world):
    client.force_login(world.hr_officer)
    programme = programme_of(world)

    response = client.post(
        reverse("programmes:cost-item-create", args=[programme.pk]), cost_form(amount="32000.50"), follow=True
    )

    cost = CostItem.objects.get()
    assert response.redirect_chain == [(programme.get_absolute_url(), 302)]
    assert messages_of(response) == ["Cost added."]
    assert (cost.programme, cost.category, cost.amount) == (programme, "salary", Decimal("32000.50"))
    assert list(cost.history.values_list("history_user", flat=True)) == [world.hr_officer.pk]
    assert "Two Band 3 peer support workers" in response.content.decode()


def action_form(**overrides) -> dict:
    return {
        "action": "Agree the peer support worker job description",
        "owner": "HR business partner",
        "due_date": "2026-06-30",
        "status": ProjectAction.Status.NOT_STARTED,
        "notes": "",
        **overrides,
    }


def test_a_project_action_without_a_due_date_is_explained_beside_the_date_and_saves_nothing(client, world):
    client.force_login(world.peer_lead)
    programme = programme_of(world)

    response = client.post(reverse("programmes:project-action-create", args=[programme.pk]), action_form(due_date=""))

    assert response.status_code == 200
    assert response.context["form"].errors == {"due_date": ["Enter the due date."]}
    assert_beside_field(response, "due_date", "Enter the due date.")
    assert error_summary(response) == ["Due date: Enter the due date."]
    assert not ProjectAction.objects.exists()


def test_a_valid_project_action_is_saved_once_with_a_message(client, world):
    client.force_login(world.peer_lead)
    programme = programme_of(world)

    response = client.post(reverse("programmes:project-action-create", args=[programme.pk]), action_form(), follow=True)

    action = ProjectAction.objects.get()
    assert response.redirect_chain == [(programme.get_absolute_url(), 302)]
    assert messages_of(response) == ["Action added to the project plan."]
    assert (action.programme, action.owner, action.due_date) == (
        programme,
        "HR business partner",
        datetime.date(2026, 6, 30),
    )
    assert "Agree the peer support worker job description" in response.content.decode()


# --- Pre-employment training: cohorts and enrolments --------------------------------------------


def library_course() -> TrainingCourse:
    return TrainingCourse.objects.filter(trust__isnull=True).order_by("pk").first()


def cohort_form(world, **overrides) -> dict:
    return {
        "programme": programme_of(world).pk,
        "name": "Spring 2027 cohort",
        "starts_on": "2027-03-01",
        "ends_on": "2027-05-28",
        "capacity": "12",
        "venue": "Recovery college, Northshire",
        **overrides,
    }


def test_a_cohort_ending_before_it_starts_is_explained_beside_the_end_date_and_saves_nothing(client, world):
    client.force_login(world.hr_officer)
    course = library_course()

    response = client.post(
        reverse("programmes:cohort-create", args=[course.pk]), cohort_form(world, ends_on="2027-02-01")
    )

    message = "The cohort cannot end before it starts."
    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_on": [message]}
    assert_beside_field(response, "ends_on", message)
    assert error_summary(response) == [f"Ends on: {message}"]
    assert not TrainingCohort.objects.exists()


def test_a_valid_cohort_is_saved_once_with_a_message(client, world):
    client.force_login(world.hr_officer)
    course = library_course()

    response = client.post(reverse("programmes:cohort-create", args=[course.pk]), cohort_form(world), follow=True)

    cohort = TrainingCohort.objects.get()
    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert messages_of(response) == ["Cohort Spring 2027 cohort added."]
    assert (cohort.course, cohort.programme, cohort.capacity) == (course, programme_of(world), 12)


def make_cohort(world, *, capacity: int) -> TrainingCohort:
    return TrainingCohort.objects.create(
        programme=programme_of(world),
        course=library_course(),
        name=f"Cohort of {capacity}",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 5, 28),
        capacity=capacity,
    )


def enrolment_form(peer, **overrides) -> dict:
    return {
        "peer": peer.pk,
        "status": CohortEnrolment.Status.ENROLLED,
        "placement_days": "0",
        "assessment_result": CohortEnrolment.Result.PENDING,
        "assessment_notes": "",
        "graduated_on": "",
        **overrides,
    }


def test_enrolling_on_a_full_cohort_is_explained_beside_the_peer_and_saves_nothing(client, world):
    client.force_login(world.hr_officer)
    cohort = make_cohort(world, capacity=1)
    CohortEnrolment.objects.create(cohort=cohort, peer=world.colleague)
    before = rows(CohortEnrolment.objects.all())

    response = client.post(reverse("programmes:enrolment-create", args=[cohort.pk]), enrolment_form(world.applicant))

    message = "The cohort is full: all 1 places are taken."
    assert response.status_code == 200
    assert response.context["form"].errors == {"peer": [message]}
    assert_beside_field(response, "peer", message)
    assert error_summary(response) == [f"Peer: {message}"]
    assert rows(CohortEnrolment.objects.all()) == before


def test_a_withdrawn_peer_frees_a_place_and_a_valid_enrolment_is_saved_once_with_a_message(client, world):
    client.force_login(world.peer_lead)
    cohort = make_cohort(world, capacity=1)
    CohortEnrolment.objects.create(cohort=cohort, peer=world.colleague, status=CohortEnrolment.Status.WITHDRAWN)

    response = client.post(
        reverse("programmes:enrolment-create", args=[cohort.pk]), enrolment_form(world.applicant), follow=True
    )

    enrolment = CohortEnrolment.objects.get(peer=world.applicant)
    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert messages_of(response) == ["Chris Bell enrolled."]
    assert enrolment.cohort == cohort
    assert CohortEnrolment.objects.count() == 2


# --- Job descriptions -----------------------------------------------------------------------------


def give_post_a_job_description(world) -> JobDescription:
    template = JobDescription.objects.filter(post__isnull=True, band=3).first()
    return create_job_description_from_template(post=world.post, template=template, by=world.hr_officer)


def jd_edit_page(client, post):
    response = client.get(reverse("programmes:post-jd-update", args=[post.pk]))
    assert response.status_code == 200
    return response, form_data(
        response.context["form"], response.context["accountabilities"], response.context["criteria"]
    )


def jd_snapshot(jd: JobDescription) -> tuple:
    return (
        rows(JobDescription.objects.filter(pk=jd.pk)),
        rows(jd.accountabilities.all()),
        rows(jd.person_specification.all()),
        jd.history.count(),
    )


def test_a_person_specification_weight_of_11_is_explained_in_the_summary_and_beside_the_weight(client, world):
    client.force_login(world.hr_officer)
    jd = give_post_a_job_description(world)
    before = jd_snapshot(jd)
    _, data = jd_edit_page(client, world.post)
    data["criteria-0-essential_weight"] = "11"
    data["role_purpose"] = "A changed purpose that must not be saved."

    response = client.post(reverse("programmes:post-jd-update", args=[world.post.pk]), data)

    message = "Ensure this value is less than or equal to 10."
    assert response.status_code == 200
    assert response.context["criteria"].forms[0].errors == {"essential_weight": [message]}
    assert error_summary(response) == [f"Person specification row 1, Essential weight: {message}"]
    assert_beside_field(response, "criteria-0-essential_weight", message)
    assert response.context["jd"].version == 1
    assert "Save as version 2" in response.content.decode()
    jd.refresh_from_db()
    assert jd.version == 1
    assert jd_snapshot(jd) == before


def test_a_valid_job_description_edit_saves_the_next_version_adds_and_removes_rows(client, world):
    client.force_login(world.hr_officer)
    jd = give_post_a_job_description(world)
    first, *rest = list(jd.accountabilities.order_by("order", "pk"))
    _, data = jd_edit_page(client, world.post)
    extra = len(rest) + 1  # the empty form after the existing rows
    data.update(
        {
            "accountabilities-0-DELETE": "on",
            f"accountabilities-{extra}-heading": "Co-production",
            f"accountabilities-{extra}-duties": "Co-produce the team's recovery plan template",
            f"accountabilities-{extra}-performance_measures": "Template in use",
            "role_purpose": "To offer hope and support through shared lived experience.",
        }
    )

    response = client.post(reverse("programmes:post-jd-update", args=[world.post.pk]), data, follow=True)

    jd.refresh_from_db()
    assert response.redirect_chain == [(jd.get_absolute_url(), 302)]
    assert messages_of(response) == ["Job description saved as version 2."]
    assert jd.version == 2
    assert jd.role_purpose == "To offer hope and support through shared lived experience."
    assert not KeyAccountability.objects.filter(pk=first.pk).exists()
    headings = list(jd.accountabilities.values_list("heading", flat=True))
    assert headings.count("Co-production") == 1
    assert len(headings) == len(rest) + 1
    assert KeyAccountability.objects.get(heading="Co-production").duties == (
        "Co-produce the team's recovery plan template"
    )
    assert "Co-production" in response.content.decode()
    assert PersonSpecificationCriterion.objects.filter(job_description=jd).count() == (
        PersonSpecificationCriterion.objects.filter(job_description=jd.based_on).count()
    )


def test_the_job_description_edit_page_advises_on_deficit_based_wording_but_still_saves(client, world):
    client.force_login(world.hr_officer)
    jd = give_post_a_job_description(world)
    _, data = jd_edit_page(client, world.post)
    data["role_context"] = "Supports people who are noncompliant with their medication."

    saved = client.post(reverse("programmes:post-jd-update", args=[world.post.pk]), data, follow=True)

    jd.refresh_from_db()
    assert messages_of(saved) == ["Job description saved as version 2."]
    assert jd.version == 2
    assert "noncompliant" in jd.role_context

    page = client.get(reverse("programmes:post-jd-update", args=[world.post.pk]))
    advice = {a.deficit_based: a for a in page.context["language_advice"]}
    assert "Noncompliant" in advice
    assert advice["Noncompliant"].found == "noncompliant"
    html = page.content.decode()
    assert "This text uses deficit-based wording" in html
    assert "&ldquo;noncompliant&rdquo;" in html
    assert "Not in agreement with the treatment plan" in html
    assert "advice only: it never stops you saving" in html


def test_deficit_based_wording_in_a_refused_edit_is_advised_on_from_what_was_typed(client, world):
    client.force_login(world.hr_officer)
    give_post_a_job_description(world)
    _, data = jd_edit_page(client, world.post)
    data.update({"role_context": "Noncompliant people", "criteria-0-essential_weight": "11"})

    response = client.post(reverse("programmes:post-jd-update", args=[world.post.pk]), data)

    assert response.status_code == 200
    assert "Noncompliant" in {a.deficit_based for a in response.context["language_advice"]}


def test_the_job_description_edit_page_without_deficit_wording_says_so(client, world):
    client.force_login(world.hr_officer)
    jd = give_post_a_job_description(world)
    assert "noncompliant" not in " ".join(str(v) for v in rows(JobDescription.objects.filter(pk=jd.pk))[0].values())

    response, _ = jd_edit_page(client, world.post)

    assert "Noncompliant" not in {a.deficit_based for a in response.context["language_advice"]}


# --- Team preparation -----------------------------------------------------------------------------


def test_a_team_preparation_session_is_recorded_with_its_agenda_and_follow_up_action(client, world):
    client.force_login(world.hr_officer)
    url = reverse("programmes:team-preparation-create", args=[world.team.pk])
    page = client.get(url)
    items = agenda_items()
    assert [f.item for f in page.context["agenda_forms"]] == items
    data = form_data(page.context["form"], *page.context["agenda_forms"], page.context["actions_formset"])
    covered = items[:3]
    for item in covered:
        data[f"agenda-{item.pk}-covered"] = "on"
        data[f"agenda-{item.pk}-notes"] = f"Discussed {item.title}"
    data.update(
        {
            "held_on": "2026-03-02",
            "facilitator": "Priya Shah, peer support lead",
            "attendees": "Maya Singh, team leader\nOwen Price, community nurse",
            "actions-0-action": "Book recovery-focused practice training",
            "actions-0-owner": "Maya Singh",
            "actions-0-due_date": "2026-04-30",
        }
    )

    response = client.post(url, data, follow=True)

    session = TeamPreparationSession.objects.get()
    assert response.redirect_chain == [(session.get_absolute_url(), 302)]
    assert messages_of(response) == ["Team preparation session recorded."]
    assert (session.team, session.held_on, session.attendee_list) == (
        world.team,
        datetime.date(2026, 3, 2),
        ["Maya Singh, team leader", "Owen Price, community nurse"],
    )
    coverage = {row.item: (row.covered, row.notes) for row in AgendaCoverage.objects.filter(session=session)}
    assert coverage == {item: (True, f"Discussed {item.title}") if item in covered else (False, "") for item in items}
    action = FollowUpAction.objects.get()
    assert (action.session, action.action, action.owner, action.due_date, action.done) == (
        session,
        "Book recovery-focused practice training",
        "Maya Singh",
        datetime.date(2026, 4, 30),
        False,
    )
    assert response.context["team_readiness"].readiness == "In preparation"


def test_a_team_preparation_session_without_attendees_is_explained_and_saves_nothing(client, world):
    client.force_login(world.hr_officer)
    url = reverse("programmes:team-preparation-create", args=[world.team.pk])
    page = client.get(url)
    data = form_data(page.context["form"], *page.context["agenda_forms"], page.context["actions_formset"])
    first = agenda_items()[0]
    data.update(
        {
            "held_on": "2026-03-02",
            f"agenda-{first.pk}-covered": "on",
            "actions-0-action": "Book recovery-focused practice training",
        }
    )

    response = client.post(url, data)

    message = "Enter the attendees."
    assert response.status_code == 200
    assert response.context["form"].errors == {"attendees": [message]}
    assert_beside_field(response, "attendees", message)
    assert error_summary(response) == [f"Attendees: {message}"]
    # What was typed is kept on the page.
    assert response.context["agenda_forms"][0]["covered"].value() is True
    assert response.context["actions_formset"].forms[0]["action"].value() == "Book recovery-focused practice training"
    assert not TeamPreparationSession.objects.exists()
    assert not AgendaCoverage.objects.exists()
    assert not FollowUpAction.objects.exists()


def record_session(client, world, covered_count: int = 2) -> TeamPreparationSession:
    url = reverse("programmes:team-preparation-create", args=[world.team.pk])
    page = client.get(url)
    data = form_data(page.context["form"], *page.context["agenda_forms"], page.context["actions_formset"])
    for item in agenda_items()[:covered_count]:
        data[f"agenda-{item.pk}-covered"] = "on"
        data[f"agenda-{item.pk}-notes"] = f"Notes on {item.code}"
    data.update(
        {
            "held_on": "2026-03-02",
            "attendees": "Maya Singh, team leader",
            "actions-0-action": "Share the myths and answers",
        }
    )
    assert client.post(url, data).status_code == 302
    return TeamPreparationSession.objects.get()


def test_the_session_edit_page_shows_the_saved_coverage_and_actions(client, world):
    client.force_login(world.hr_officer)
    session = record_session(client, world, covered_count=2)
    items = agenda_items()

    response = client.get(reverse("programmes:team-preparation-update", args=[session.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    for i, item in enumerate(items):
        (checkbox,) = re.findall(rf'<input[^>]*name="agenda-{item.pk}-covered"[^>]*>', html)
        assert ("checked" in checkbox) == (i < 2), checkbox
    for item in items[:2]:
        assert f"Notes on {item.code}" in field_html(response, f"agenda-{item.pk}-notes")
    assert 'value="Share the myths and answers"' in field_html(response, "actions-0-action")
    assert response.context["actions_formset"].initial_form_count() == 1


def test_editing_a_session_changes_its_coverage_and_removes_a_follow_up_action(client, world):
    client.force_login(world.peer_lead)
    session = record_session(client, world, covered_count=2)
    items = agenda_items()
    url = reverse("programmes:team-preparation-update", args=[session.pk])
    page = client.get(url)
    data = form_data(page.context["form"], *page.context["agenda_forms"], page.context["actions_formset"])
    del data[f"agenda-{items[0].pk}-covered"]
    data[f"agenda-{items[-1].pk}-covered"] = "on"
    data["actions-0-DELETE"] = "on"

    response = client.post(url, data, follow=True)

    assert messages_of(response) == ["Team preparation session saved."]
    coverage = dict(AgendaCoverage.objects.filter(session=session).values_list("item", "covered"))
    assert coverage == {item.pk: item in (items[1], items[-1]) for item in items}
    assert AgendaCoverage.objects.filter(session=session).count() == len(items)
    assert not FollowUpAction.objects.exists()


def test_the_team_page_shows_its_readiness_for_peer_workers(client, world):
    client.force_login(world.hr_officer)
    url = reverse("programmes:team-detail", args=[world.team.pk])

    before = client.get(url)
    record_session(client, world, covered_count=len(agenda_items()))
    after = client.get(url)

    assert "Readiness for peer workers: Not started" in before.content.decode()
    html = after.content.decode()
    assert "Readiness for peer workers: In preparation" in html
    assert "no recovery-focused practice training yet" in html
    assert "1 follow-up action open" in html


@pytest.mark.parametrize("viewer", ["peer_lead", "line_manager", "supervisor"])
def test_every_member_of_staff_who_sees_the_team_sees_its_readiness(client, world, viewer):
    client.force_login(getattr(world, viewer))

    response = client.get(reverse("programmes:team-detail", args=[world.team.pk]))

    assert response.status_code == 200
    assert "Readiness for peer workers: Not started" in response.content.decode()


# --- Job description PDF: who is offered it -----------------------------------------------------

DOWNLOAD = "Download job description (PDF)"


@pytest.mark.parametrize(
    ("viewer", "offered"),
    [
        ("hr_officer", True),
        ("peer_lead", True),
        ("line_manager", True),
        ("supervisor", False),
        ("panel_member", False),
    ],
)
def test_the_pdf_button_is_offered_only_to_hr_the_peer_lead_and_the_line_manager(client, world, viewer, offered):
    give_post_a_job_description(world)
    client.force_login(getattr(world, viewer))

    post_page = client.get(reverse("programmes:post-detail", args=[world.post.pk]))
    jd_page = client.get(reverse("programmes:post-jd-detail", args=[world.post.pk]))

    assert post_page.status_code == jd_page.status_code == 200
    assert (DOWNLOAD in post_page.content.decode()) is offered
    assert (DOWNLOAD in jd_page.content.decode()) is offered
    assert "View the job description" in post_page.content.decode()


@pytest.mark.parametrize("viewer", ["supervisor", "panel_member", "other_trust_staff"])
def test_the_pdf_itself_is_not_found_for_those_not_offered_it(client, world, viewer):
    give_post_a_job_description(world)
    client.force_login(getattr(world, viewer))

    response = client.get(reverse("programmes:post-jd-pdf", args=[world.post.pk]))

    assert response.status_code == 404


def test_the_line_manager_downloads_the_pdf(client, world):
    give_post_a_job_description(world)
    client.force_login(world.line_manager)

    response = client.get(reverse("programmes:post-jd-pdf", args=[world.post.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_post_page_offers_no_pdf_before_the_post_has_a_job_description(client, world):
    client.force_login(world.hr_officer)

    response = client.get(reverse("programmes:post-detail", args=[world.post.pk]))

    html = response.content.decode()
    assert DOWNLOAD not in html
    assert "Create the job description from a template" in html


# --- Code of conduct ------------------------------------------------------------------------------


def test_a_peer_acknowledges_the_code_of_conduct_once_and_a_second_time_is_refused(client, world):
    client.force_login(world.peer_worker)
    url = reverse("programmes:peer-acknowledgement-create", args=[world.peer.pk])

    page = client.get(url)
    first = client.post(url, {"acknowledged_on": "2026-05-04"}, follow=True)

    assert page.status_code == 200
    assert page.context["form"]["acknowledged_on"].value() == timezone.localdate()
    acknowledgement = CodeOfConductAcknowledgement.objects.get()
    assert first.redirect_chain == [(world.peer.get_absolute_url(), 302)]
    assert messages_of(first) == ["Acknowledgement of the code of conduct recorded."]
    assert (acknowledgement.peer, acknowledgement.version, acknowledgement.acknowledged_on) == (
        world.peer,
        code_of_conduct_version(),
        datetime.date(2026, 5, 4),
    )
    assert acknowledgement.recorded_by == world.peer_worker

    second = client.post(url, {"acknowledged_on": "2026-05-05"})

    message = (
        f"Samira Okafor has already acknowledged this version of the code of conduct ({code_of_conduct_version()})."
    )
    assert second.status_code == 200
    assert second.context["form"].non_field_errors() == [message]
    assert error_summary(second) == [message]
    assert messages_of(second) == []
    assert rows(CodeOfConductAcknowledgement.objects.all()) == rows(
        CodeOfConductAcknowledgement.objects.filter(pk=acknowledgement.pk)
    )
    assert CodeOfConductAcknowledgement.objects.count() == 1


def test_an_acknowledgement_without_a_date_is_explained_beside_the_date(client, world):
    client.force_login(world.peer_worker)

    response = client.post(
        reverse("programmes:peer-acknowledgement-create", args=[world.peer.pk]), {"acknowledged_on": ""}
    )

    message = "Enter the date acknowledged."
    assert response.status_code == 200
    assert response.context["form"].errors == {"acknowledged_on": [message]}
    assert_beside_field(response, "acknowledged_on", message)
    assert not CodeOfConductAcknowledgement.objects.exists()


def test_a_peer_cannot_acknowledge_for_another_peer(client, world):
    client.force_login(world.peer_worker)

    response = client.post(
        reverse("programmes:peer-acknowledgement-create", args=[world.colleague.pk]), {"acknowledged_on": "2026-05-04"}
    )

    assert response.status_code == 404
    assert not CodeOfConductAcknowledgement.objects.exists()
