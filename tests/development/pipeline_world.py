"""The train-and-place pipeline's records on top of the recruitment world (tests/recruitment/world.py), made on
demand by `pipeline_of(w)` (the permission matrix's rows and the query budgets call it):

- w.cohort: Northshire's "Spring 2026 cohort" of a library course, 2 places;
- w.training_application: Chris Bell's application for it, with an interview arranged with the panel member;
- w.graduate_application: Gina Green's, enrolled, completed and graduated on 20 March 2026 (w.graduate);
- w.vacancy: the recruitment world's open vacancy, for putting the graduate forward."""

from __future__ import annotations

import datetime

from development.models import TrainingApplication
from programmes.models import CohortEnrolment, Programme, TrainingCohort, TrainingCourse
from tests import factories

Status = TrainingApplication.Status


def course() -> TrainingCourse:
    found = TrainingCourse.objects.filter(trust__isnull=True).order_by("pk").first()
    return found or TrainingCourse.objects.create(name="Peer support worker training", provider="Us", length="11 days")


def make_cohort(w, *, name="Spring 2026 cohort", capacity=2, starts_on=datetime.date(2026, 3, 2)) -> TrainingCohort:
    return TrainingCohort.objects.create(
        programme=Programme.objects.filter(trust=w.trust).order_by("pk").first(),
        course=course(),
        name=name,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=18),
        capacity=capacity,
    )


def graduate(w, cohort, *, name: str, graduated_on=datetime.date(2026, 3, 20)) -> TrainingApplication:
    peer = factories.PeerFactory(trust=w.trust, full_name=name)
    enrolment = CohortEnrolment.objects.create(
        cohort=cohort, peer=peer, status="completed", assessment_result="passed", graduated_on=graduated_on
    )
    return TrainingApplication.objects.create(
        cohort=cohort,
        applicant=peer,
        applied_on=cohort.starts_on - datetime.timedelta(days=40),
        statement="I want to use what helped me to help others.",
        status=Status.ENROLLED,
        enrolment=enrolment,
    )


def pipeline_of(w):
    if getattr(w, "cohort_2026", None) is not None:
        return w
    w.cohort_2026 = w.cohort = make_cohort(w)
    w.training_application = TrainingApplication.objects.create(
        cohort=w.cohort,
        applicant=w.applicant,
        applied_on=datetime.date(2026, 1, 10),
        statement="I want to give back what peer groups gave me.",
        lived_experience="Years of anxiety; a peer group helped me back to work.",
        interviewed_by=w.panel_member,
    )
    w.graduate_application = graduate(w, w.cohort, name="Gina Green")
    w.graduate = w.graduate_application.applicant
    return w
