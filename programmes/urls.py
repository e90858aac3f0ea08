"""URLs of the shared model's pages; names are "programmes:<thing>-<action>"."""

from django.urls import path

from . import views, views_import
from . import views_notifications as notes
from . import views_preparation as prep
from . import views_security as security

app_name = "programmes"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # CSV import of existing staff (issue 7, part 9)
    path("import/", views_import.ImportStartView.as_view(), name="import"),
    path("import/confirm/", views_import.ImportConfirmView.as_view(), name="import-confirm"),
    path("import/template/<slug:kind>.csv", views_import.ImportTemplateView.as_view(), name="import-template"),
    path("trusts/", views.TrustListView.as_view(), name="trust-list"),
    path("trusts/add/", views.TrustCreateView.as_view(), name="trust-create"),
    path("trusts/<int:pk>/", views.TrustDetailView.as_view(), name="trust-detail"),
    path("trusts/<int:pk>/edit/", views.TrustUpdateView.as_view(), name="trust-update"),
    path("teams/", views.TeamListView.as_view(), name="team-list"),
    path("teams/add/", views.TeamCreateView.as_view(), name="team-create"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team-detail"),
    path("teams/<int:pk>/edit/", views.TeamUpdateView.as_view(), name="team-update"),
    path("posts/", views.PostListView.as_view(), name="post-list"),
    path("posts/add/", views.PostCreateView.as_view(), name="post-create"),
    path("posts/<int:pk>/", views.PostDetailView.as_view(), name="post-detail"),
    path("posts/<int:pk>/edit/", views.PostUpdateView.as_view(), name="post-update"),
    path("peers/", views.PeerListView.as_view(), name="peer-list"),
    path("peers/add/", views.PeerCreateView.as_view(), name="peer-create"),
    path("peers/<int:pk>/", views.PeerDetailView.as_view(), name="peer-detail"),
    path("peers/<int:pk>/edit/", views.PeerUpdateView.as_view(), name="peer-update"),
    path("peers/<int:pk>/access-log/", views.PeerAccessLogView.as_view(), name="peer-access-log"),
    # Phase 1, preparation
    path("programmes/<int:pk>/readiness/", prep.ProgrammeReadinessView.as_view(), name="programme-readiness"),
    path("programmes/<int:pk>/edit/", prep.ProgrammeUpdateView.as_view(), name="programme-update"),
    path(
        "programmes/<int:pk>/steering-group/add/",
        prep.SteeringMemberCreateView.as_view(),
        name="steering-member-create",
    ),
    path("steering-group/<int:pk>/edit/", prep.SteeringMemberUpdateView.as_view(), name="steering-member-update"),
    path("programmes/<int:pk>/actions/add/", prep.ProjectActionCreateView.as_view(), name="project-action-create"),
    path("actions/<int:pk>/edit/", prep.ProjectActionUpdateView.as_view(), name="project-action-update"),
    path("programmes/<int:pk>/costs/add/", prep.CostItemCreateView.as_view(), name="cost-item-create"),
    path("costs/<int:pk>/edit/", prep.CostItemUpdateView.as_view(), name="cost-item-update"),
    path("teams/<int:pk>/preparation/add/", prep.TeamPreparationCreateView.as_view(), name="team-preparation-create"),
    path("team-preparation/<int:pk>/", prep.TeamPreparationDetailView.as_view(), name="team-preparation-detail"),
    path("team-preparation/<int:pk>/edit/", prep.TeamPreparationUpdateView.as_view(), name="team-preparation-update"),
    path("job-descriptions/", prep.JobDescriptionTemplateListView.as_view(), name="jd-template-list"),
    path("job-descriptions/<int:pk>/", prep.JobDescriptionTemplateDetailView.as_view(), name="jd-template-detail"),
    path("posts/<int:pk>/job-description/", prep.PostJobDescriptionDetailView.as_view(), name="post-jd-detail"),
    path("posts/<int:pk>/job-description/add/", prep.PostJobDescriptionCreateView.as_view(), name="post-jd-create"),
    path("posts/<int:pk>/job-description/edit/", prep.PostJobDescriptionUpdateView.as_view(), name="post-jd-update"),
    path("posts/<int:pk>/job-description.pdf", prep.PostJobDescriptionPdfView.as_view(), name="post-jd-pdf"),
    path("training/", prep.CourseListView.as_view(), name="course-list"),
    path("training/courses/add/", prep.CourseCreateView.as_view(), name="course-create"),
    path("training/courses/<int:pk>/", prep.CourseDetailView.as_view(), name="course-detail"),
    path("training/courses/<int:pk>/edit/", prep.CourseUpdateView.as_view(), name="course-update"),
    path("training/courses/<int:pk>/cohorts/add/", prep.CohortCreateView.as_view(), name="cohort-create"),
    path("training/cohorts/<int:pk>/", prep.CohortDetailView.as_view(), name="cohort-detail"),
    path("training/cohorts/<int:pk>/edit/", prep.CohortUpdateView.as_view(), name="cohort-update"),
    path("training/cohorts/<int:pk>/enrol/", prep.EnrolmentCreateView.as_view(), name="enrolment-create"),
    path("training/enrolments/<int:pk>/edit/", prep.EnrolmentUpdateView.as_view(), name="enrolment-update"),
    path("code-of-conduct/", prep.CodeOfConductView.as_view(), name="code-of-conduct"),
    path(
        "peers/<int:pk>/code-of-conduct/", prep.AcknowledgementCreateView.as_view(), name="peer-acknowledgement-create"
    ),
    path("recovery-language/", prep.RecoveryLanguageView.as_view(), name="recovery-language"),
    # Notifications (every phase's reminders), the signed-in user's own.
    path("notifications/", notes.NotificationListView.as_view(), name="notification-list"),
    path("notifications/<int:pk>/read/", notes.NotificationReadView.as_view(), name="notification-read"),
    path("notifications/read-all/", notes.NotificationReadAllView.as_view(), name="notification-read-all"),
    # Sessions and sign-in (issue 8): the password again before OH and DBS records
    path("confirm-password/", security.ConfirmPasswordView.as_view(), name="confirm-password"),
]
