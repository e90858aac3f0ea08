"""The API's endpoints (version 1): thin views over the phases' own access rules and selectors, as the pages are.

Every queryset comes from programmes.access (a record out of reach is a 404, a list shows only what the user may
see); every figure comes from the selector its page uses, never worked out again here. Lists are paginated and
filtered as their pages are (the pages' own filter sets)."""

from __future__ import annotations

import hashlib

import tablib
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboards import selectors as dashboard_selectors
from dashboards.views import DashboardMixin
from development import selectors as development_selectors
from programmes import access, imports
from programmes.filters import PostFilter, TeamFilter, TrustFilter
from recruitment import selectors as recruitment_selectors
from recruitment.forms_adverts import VacancyFilter
from workforce import selectors as workforce_selectors
from workforce.forms_placements import PlacementFilter, ReviewFilter
from workforce.forms_supervision import ScheduleFilterForm

from . import serializers as s


class ReadOnlyEndpoint(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A list and its records, from `visible(user)` through `for_list` (the page's selector), 404 out of reach."""

    allowed = staticmethod(access.can_use_staff_pages)
    visible = None
    ordering: tuple[str, ...] = ("pk",)

    def for_list(self, queryset):
        return queryset

    def get_queryset(self):
        return self.for_list(type(self).visible(self.request.user)).order_by(*self.ordering)


@extend_schema(tags=["Organisation"])
class TrustViewSet(ReadOnlyEndpoint):
    """The trusts the user holds a role in."""

    serializer_class = s.TrustSerializer
    filterset_class = TrustFilter
    visible = staticmethod(access.visible_trusts)
    ordering = ("name", "pk")


@extend_schema(tags=["Organisation"])
class ProgrammeViewSet(ReadOnlyEndpoint):
    """The peer support programmes of the user's trusts."""

    serializer_class = s.ProgrammeSerializer
    visible = staticmethod(access.visible_programmes)
    ordering = ("trust__name", "name", "pk")


@extend_schema(tags=["Organisation"])
class TeamViewSet(ReadOnlyEndpoint):
    """The teams the user sees (a team-limited role, their own team)."""

    serializer_class = s.TeamSerializer
    filterset_class = TeamFilter
    visible = staticmethod(access.visible_teams)
    ordering = ("name", "pk")


@extend_schema(tags=["Organisation"])
class PostViewSet(ReadOnlyEndpoint):
    """Posts in the teams the user sees, vacant or filled (who holds a post is not shown here)."""

    serializer_class = s.PostSerializer
    filterset_class = PostFilter
    visible = staticmethod(access.visible_posts)
    ordering = ("team__name", "title", "pk")


@extend_schema(tags=["Recruitment"])
class VacancyViewSet(ReadOnlyEndpoint):
    """Vacancies the user sees, with how many applications each has; `funnel` is the vacancy's recruitment
    funnel, as on its funnel page."""

    serializer_class = s.VacancySerializer
    filterset_class = VacancyFilter
    allowed = staticmethod(access.can_use_recruitment_pages)
    visible = staticmethod(access.visible_vacancies)
    ordering = ("-opens_on", "pk")

    def for_list(self, queryset):
        return recruitment_selectors.vacancies_for_list(queryset)


@extend_schema(tags=["Recruitment"])
class VacancyFunnelView(APIView):
    """How a vacancy's applications moved through the pipeline: counts, conversion and median days per stage."""

    allowed = staticmethod(access.can_use_recruitment_pages)

    @extend_schema(responses=s.FunnelSerializer)
    def get(self, request, pk: int):
        vacancy = get_object_or_404(access.funnel_vacancies(request.user).select_related("post__team__trust"), pk=pk)
        applications = access.visible_applications(request.user).filter(vacancy=vacancy)
        return Response(
            s.FunnelSerializer(recruitment_selectors.funnel(applications, trust=vacancy.post.team.trust)).data
        )


@extend_schema(tags=["Recruitment"])
class ProgrammeFunnelView(APIView):
    """How the applications for every vacancy of a programme's trust moved through the pipeline."""

    allowed = staticmethod(access.can_use_preparation_pages)

    @extend_schema(responses=s.FunnelSerializer)
    def get(self, request, pk: int):
        programme = get_object_or_404(access.preparation_programmes(request.user).select_related("trust"), pk=pk)
        applications = access.visible_applications(request.user).filter(
            vacancy__post__team__trust_id=programme.trust_id
        )
        return Response(s.FunnelSerializer(recruitment_selectors.funnel(applications, trust=programme.trust)).data)


@extend_schema(tags=["Employment"])
class PlacementViewSet(ReadOnlyEndpoint):
    """Placements the user may see: which peer holds which post, since when and for how many hours."""

    serializer_class = s.PlacementSerializer
    filterset_class = PlacementFilter
    allowed = staticmethod(access.can_use_workforce_pages)
    visible = staticmethod(access.visible_placements)
    ordering = ("post__team__name", "peer__full_name", "-start_date", "pk")

    def for_list(self, queryset):
        return workforce_selectors.placements_for_list(queryset)


@extend_schema(tags=["Employment"])
class ReviewViewSet(ReadOnlyEndpoint):
    """The 3- and 6-month reviews and annual appraisals the user sees: those due first (soonest first), then those
    held; `status=due` for the reviews still to hold."""

    serializer_class = s.ReviewSerializer
    filterset_class = ReviewFilter
    allowed = staticmethod(access.can_use_workforce_pages)
    visible = staticmethod(access.visible_reviews)

    def get_queryset(self):
        return workforce_selectors.reviews_for_list(access.visible_reviews(self.request.user)).order_by(
            F("held_on").desc(nulls_first=True), "due_on", "pk"
        )


@extend_schema(
    tags=["Employment"],
    parameters=[OpenApiParameter("team", OpenApiTypes.INT, description="Only this team's peers.")],
)
class SupervisionComplianceView(generics.ListAPIView):
    """For every peer the user sees and each kind of supervision: the last session, the next due, any planned and
    the days overdue, overdue first (the supervision schedule's figures; never what was said)."""

    allowed = staticmethod(access.can_list_peers)
    serializer_class = s.SupervisionStatusSerializer
    filter_backends = ()

    def get_queryset(self):
        form = ScheduleFilterForm(self.request.query_params or None, user=self.request.user)
        if form.is_bound and not form.is_valid():
            raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        peers = access.supervision_schedule_peers(self.request.user)
        if form.is_bound and form.cleaned_data["team"]:
            peers = peers.filter(posts__team=form.cleaned_data["team"]).distinct()
        return workforce_selectors.overdue_first(workforce_selectors.supervision_statuses(peers, timezone.localdate()))


def _form_errors(form) -> Response:
    return Response({name: list(errors) for name, errors in form.errors.items()}, status=status.HTTP_400_BAD_REQUEST)


@extend_schema(tags=["Development"])
class TrainingViewSet(ReadOnlyEndpoint):
    """Training and CPD records of the peers the user sees (no evidence files or notes)."""

    serializer_class = s.TrainingSerializer
    allowed = staticmethod(access.can_use_development_pages)
    visible = staticmethod(access.visible_training)
    ordering = ("peer__full_name", "-completed_on", "pk")

    def for_list(self, queryset):
        return development_selectors.training_for_list(queryset).select_related("peer")


@extend_schema(tags=["Development"])
class WorkforceGrowthView(APIView):
    """Each programme's target share of peer workers and where it stands: per team, per service and in all."""

    allowed = staticmethod(access.can_use_growth_pages)

    @extend_schema(responses=s.GrowthSerializer(many=True))
    def get(self, request):
        shares = development_selectors.peer_shares(
            access.growth_programmes(request.user).select_related("trust").order_by("trust__name", "name", "pk"),
            access.editable_teams(request.user),
            timezone.localdate(),
        )
        return Response(s.GrowthSerializer(shares, many=True).data)


# --- The dashboard ---------------------------------------------------------------------------------------

DASHBOARD_PARAMETERS = [
    OpenApiParameter("team", OpenApiTypes.INT, description="Only this team's figures."),
    OpenApiParameter("service_type", OpenApiTypes.STR, description="Only teams of this kind of service."),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Applications and placements from this day."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="The day the figures are counted on (default today)."),
]


class _Dashboard(DashboardMixin):
    """The dashboard page's own filters and scope (dashboards.views), for the request the API answers."""

    def __init__(self, request):
        self.request = request


def _dashboard_scope(request):
    dashboard = _Dashboard(request._request)
    form = dashboard.filter_form()
    return dashboard.scope(form), form


class HeadlineFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    group = serializers.CharField()
    label = serializers.CharField()
    percent = serializers.BooleanField(help_text="Whether the values are percentages.")
    now = serializers.FloatField(allow_null=True, source="values.0")
    quarter_earlier = serializers.FloatField(allow_null=True, source="values.1")
    year_earlier = serializers.FloatField(allow_null=True, source="values.2")


class DashboardSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The day the figures are counted on.")
    date_from = serializers.DateField()
    headline = HeadlineFigureSerializer(many=True, source="figures")
    tables = s.DashboardTableSerializer(many=True)


@extend_schema(tags=["Dashboard"])
class DashboardView(APIView):
    """Every figure of the peer support lead's dashboard for the teams the user's roles reach: the headline
    figures (now, a quarter and a year earlier) and each section's table as the board report shows it (counts,
    naming nobody)."""

    allowed = staticmethod(access.can_use_dashboard)

    @extend_schema(parameters=DASHBOARD_PARAMETERS, responses=DashboardSerializer)
    def get(self, request):
        scope, form = _dashboard_scope(request)
        if scope is None:
            return _form_errors(form)
        headline = dashboard_selectors.headline_figures(scope)
        tables = [t.for_report for t in dashboard_selectors.dashboard_tables(scope)]
        data = {"on": headline.on, "date_from": headline.date_from, "figures": headline.figures, "tables": tables}
        return Response(DashboardSerializer(data).data)


@extend_schema(tags=["Dashboard"])
class DashboardTableView(APIView):
    """One table of the dashboard (`posts`, `funnel`, `supervision`, ...), as the board report shows it."""

    allowed = staticmethod(access.can_use_dashboard)

    @extend_schema(
        operation_id="dashboard_table_retrieve", parameters=DASHBOARD_PARAMETERS, responses=s.DashboardTableSerializer
    )
    def get(self, request, key: str):
        scope, form = _dashboard_scope(request)
        if scope is None:
            return _form_errors(form)
        table = dashboard_selectors.dashboard_table(scope, key)
        if table is None:
            return Response({"detail": "No such table."}, status=status.HTTP_404_NOT_FOUND)
        return Response(s.DashboardTableSerializer(table.for_report).data)


# --- Imports ---------------------------------------------------------------------------------------------


def rows_as_csv(rows: list[dict], columns) -> str:
    """The rows as the CSV file the import reads: the template's columns, in its order, plus any unknown key (so
    the import names it). Values go in as they were sent (tablib quotes them): the import reads them as text, and
    a phone number such as "+44 ..." is data here, not a spreadsheet formula to defuse."""
    names = [c.name for c in columns]
    names += sorted({key for row in rows for key in row} - set(names))
    dataset = tablib.Dataset(headers=names)
    for row in rows:
        dataset.append(["" if row.get(name) is None else str(row[name]) for name in names])
    return dataset.export("csv")


def _field_errors(messages: list[str], columns) -> dict[str, list[str]]:
    """A row's messages by column, where a message names one ("email: ..."); the rest under "row"."""
    names = {c.name for c in columns}
    found: dict[str, list[str]] = {}
    for message in messages:
        name, sep, rest = message.partition(": ")
        key = name if sep and name in names else "row"
        found.setdefault(key, []).append(rest if key != "row" else message)
    return found


class ImportRowSerializer(s.ImportRowSerializer):
    fields_with_errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The row's errors by column (`row` for those about the whole row).",
    )


class ImportResultSerializer(s.ImportResultSerializer):
    rows = ImportRowSerializer(many=True)


def _messages(errors, prefix: str = "") -> list[str]:
    """DRF's nested errors of the request as sentences, each naming where it is (e.g. "rows: ...")."""
    if isinstance(errors, dict):
        return [
            m
            for key, value in errors.items()
            for m in _messages(value, f"{prefix}{key}" if not prefix else f"{prefix} {key}")
        ]
    if isinstance(errors, list):
        return [m for value in errors for m in _messages(value, prefix)]
    return [f"{prefix}: {errors}" if prefix and prefix != "non_field_errors" else str(errors)]


def _refused(messages: list[str]) -> Response:
    answer = {"saved": False, "created": 0, "changed": 0, "file_errors": messages, "rows": []}
    return Response(ImportResultSerializer(answer).data, status=status.HTTP_400_BAD_REQUEST)


@extend_schema(tags=["Imports"])
class ImportView(APIView):
    """Import rows through the application's import (the same checks and services as the CSV import page): staff
    from an ESR-style export (`peers`, `posts`, `placements`) or applications from a recruitment system's export
    such as NHS Jobs (`applications`). Every row is checked; when any row has an error nothing is saved and the
    answer is 400 with each row's errors by column. An `Idempotency-Key` header makes a retried request import once:
    the retry is answered 200 with `saved` and nothing imported again."""

    allowed = staticmethod(access.can_create_peers)

    @extend_schema(
        request=s.ImportRequestSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="A value unique to this import (e.g. a UUID): a retry with it imports nothing again.",
            )
        ],
        responses={
            200: ImportResultSerializer,
            201: ImportResultSerializer,
            400: ImportResultSerializer,
            404: inline_serializer("NotFound", {"detail": serializers.CharField()}),
        },
    )
    def post(self, request, kind: str):
        kinds = imports.autodiscover()
        if kind not in kinds:
            return Response({"detail": "No such import."}, status=status.HTTP_404_NOT_FOUND)
        try:
            data = request.data
        except ParseError as error:
            return _refused([str(error.detail)])
        body = s.ImportRequestSerializer(data=data)
        if not body.is_valid():
            return _refused(_messages(body.errors))
        trust = access.trusts_for_new_peers(request.user).filter(pk=body.validated_data["trust"]).first()
        if trust is None:
            return _refused(["trust: You cannot import records for this trust."])
        columns = kinds[kind].columns
        content = rows_as_csv(body.validated_data["rows"], columns)
        key = request.headers.get("Idempotency-Key", "").strip()
        if body.validated_data["dry_run"] or not key:
            outcome = imports.import_file(
                kind=kind, content=content, user=request.user, trust=trust, dry_run=body.validated_data["dry_run"]
            )
        else:
            # The import's own one-time claim (programmes.imports.confirm_import), keyed by the user and their key.
            pending_id = "api-" + hashlib.sha256(f"{request.user.pk}:{key}".encode()).hexdigest()[:40]
            outcome, claim = imports.confirm_import(
                pending_id=pending_id, kind=kind, content=content, user=request.user, trust=trust
            )
            if outcome is None:
                return Response(
                    {"saved": True, "created": 0, "changed": 0, "file_errors": [], "rows": []},
                    status=status.HTTP_200_OK,
                )
        saved = not outcome.has_errors and not body.validated_data["dry_run"]
        answer = {
            "saved": saved,
            "created": outcome.count("Create"),
            "changed": outcome.count("Change"),
            "file_errors": outcome.file_errors,
            "rows": [
                {
                    "number": row.number,
                    "action": row.action,
                    "summary": row.summary,
                    "errors": row.errors,
                    "fields_with_errors": _field_errors(row.errors, columns),
                }
                for row in outcome.rows
            ],
        }
        code = status.HTTP_400_BAD_REQUEST if outcome.has_errors else (201 if saved else 200)
        return Response(ImportResultSerializer(answer).data, status=code)
