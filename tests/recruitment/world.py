"""A recruitment world on top of the shared one: a vacancy for a vacant post with a Band 2 job description,
an application taken through shortlisting and a group interview to a conditional offer with occupational
health and DBS records, an application that ended unsuccessfully, the peer worker's own application for a
senior post, an orientation session and benefits advice. Built through the services, as a user would."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from programmes.models import JobDescription
from programmes.services import create_job_description_from_template
from recruitment import selectors, services
from recruitment.models import Application, InterviewDimension, Vacancy
from tests import factories

Stage = Application.Stage


def make_vacancy(*, by, post, status=Vacancy.Status.OPEN, **fields):
    today = timezone.localdate()
    defaults = {
        "job_title": post.title,
        "location": post.team.name,
        "pay_band": f"Band {post.band}",
        "hours": post.hours,
        "introduction": "Use your own experience of mental health problems to help others in their recovery.",
        "opens_on": today - datetime.timedelta(days=30),
        "closes_on": today - datetime.timedelta(days=10),
        "status": status,
    }
    defaults.update(fields)
    return services.create_vacancy(by=by, post=post, **defaults)


def give_band_2_job_description(post, *, by):
    template = JobDescription.objects.get(template_name__startswith="Peer Support Worker (Band 2)")
    return create_job_description_from_template(post=post, template=template, by=by)


def mark_all(application, shortlister, *, met=True):
    """One shortlister marks every row identified by application as met (or not)."""
    marks = {
        row.pk: (met if row.essential else None, met if row.desirable else None)
        for row in selectors.criteria_identified_by_application(application.vacancy)
    }
    services.record_shortlisting_marks(application=application, shortlister=shortlister, marks=marks)


def score_all(application, panellist, score=3):
    services.record_interview_scores(
        application=application,
        panellist=panellist,
        dimension_scores={d.value: score for d in InterviewDimension},
        criterion_scores={row.pk: score for row in selectors.criteria_identified_at_interview(application.vacancy)},
    )


def take_to_offer(application, *, hr, interview, panellist):
    mark_all(application, hr)
    services.move_application(application=application, to_stage=Stage.SHORTLISTED, by=hr)
    services.invite_to_interview(application=application, interview=interview, by=hr)
    services.move_application(application=application, to_stage=Stage.INTERVIEWED, by=hr)
    score_all(application, panellist)
    services.move_application(application=application, to_stage=Stage.CONDITIONAL_OFFER, by=hr)
    application.refresh_from_db()
    return application


def make_recruitment(world):
    """The recruitment records, added to `world` (tests/conftest.py `make_world`), which is returned."""
    hr = world.hr_officer
    w = world
    w.vacant_post = factories.PostFactory(team=w.team, title="Peer Support Worker", band=2, hours=Decimal("30"))
    give_band_2_job_description(w.vacant_post, by=hr)
    w.vacancy = make_vacancy(by=hr, post=w.vacant_post, reference="NS-PSW-01")
    w.interview = services.create_interview(
        by=hr,
        vacancy=w.vacancy,
        kind="group",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        place="Riverside Resource Centre",
        panel=[
            {"user": w.panel_member, "role_on_panel": "Peer worker", "is_peer_worker": True},
            {"user": hr, "role_on_panel": "Chair"},
        ],
    )
    w.application = services.submit_application(
        vacancy=w.vacancy,
        applicant=w.applicant,
        by=hr,
        applied_on=w.vacancy.opens_on + datetime.timedelta(days=3),
        support_with_form_requested=True,
        referees=[{"name": "Jo Marsh", "relationship": "care_coordinator", "contact": "jo.marsh@example.org"}],
    )
    take_to_offer(w.application, hr=hr, interview=w.interview, panellist=w.panel_member)
    w.occupational_health = services.save_occupational_health(
        application=w.application,
        by=hr,
        referred_on=timezone.localdate() - datetime.timedelta(days=1),
        adjusted_hours="No starts before 10am (medication side-effects).",
    )
    w.dbs_check = services.save_dbs_check(application=w.application, by=hr, status="submitted")

    w.unsuccessful_applicant = factories.PeerFactory(trust=w.trust, full_name="Alex Rowe")
    w.unsuccessful = services.submit_application(
        vacancy=w.vacancy, applicant=w.unsuccessful_applicant, by=hr, applied_on=w.vacancy.opens_on
    )
    services.move_application(application=w.unsuccessful, to_stage=Stage.WITHDRAWN, by=hr)
    w.support = w.unsuccessful.support

    # The peer worker applies for a senior post: their own application, OH and DBS.
    w.senior_post = factories.PostFactory(team=w.other_team, title="Senior Peer Support Worker", band=4)
    w.senior_vacancy = make_vacancy(by=hr, post=w.senior_post)
    w.own_application = services.submit_application(
        vacancy=w.senior_vacancy, applicant=w.peer, by=hr, applied_on=w.senior_vacancy.opens_on
    )

    w.programme = w.trust.programmes.get()
    w.orientation = services.create_orientation_session(
        by=hr,
        programme=w.programme,
        vacancies=[w.vacancy],
        # Ten in the morning, local time: "now - 40 days" could fall in the hour the clocks go back,
        # which the edit form rightly refuses as ambiguous.
        starts_at=timezone.make_aware(
            datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=40), datetime.time(10, 0))
        ),
        place="Recovery College, Northshire",
        capacity=12,
        covered_dbs_process=True,
    )
    w.booking = services.book_orientation_place(session=w.orientation, peer=w.applicant, by=hr)
    w.benefits_advice = services.record_benefits_advice(
        peer=w.applicant, by=hr, given_on=timezone.localdate(), given_by="Citizens Advice", signposting_given=True
    )
    return w
