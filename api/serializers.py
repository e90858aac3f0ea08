"""What the API shows of each record and figure. Every serializer names its fields one by one (never "__all__"),
and none names a field marked sensitive in programmes.sensitive (tests/api/test_sensitive_fields.py fails if one
does): occupational health, DBS, Wellness Action Plans, supervision notes, lived experience, the care arrangement
and absence reasons are not in the API at all."""

from __future__ import annotations

import datetime
from decimal import Decimal

from rest_framework import serializers

from development.models import TrainingRecord
from programmes.models import Post, Programme, Team, Trust
from recruitment.models import Vacancy
from workforce.models import EmploymentReview, Placement


class TrustSerializer(serializers.ModelSerializer):
    class Meta:
        model = Trust
        fields = ["id", "name", "nation", "ods_code"]


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "trust", "name", "training_model", "target_peer_share", "start_date"]


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "trust", "name", "service_type", "recovery_training_done"]


class PostSerializer(serializers.ModelSerializer):
    vacant = serializers.SerializerMethodField(help_text="Whether the post has no holder.")
    whole_time_equivalent = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "team",
            "title",
            "band",
            "hours",
            "whole_time_equivalent",
            "contract_type",
            "fixed_term_end",
            "funding",
            "career_level",
            "vacant",
        ]

    def get_vacant(self, post: Post) -> bool:
        return post.holder_id is None


class VacancySerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="post.team_id", read_only=True)
    application_count = serializers.IntegerField(read_only=True, help_text="Applications received.")
    open_count = serializers.IntegerField(read_only=True, help_text="Applications still in the pipeline.")

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "post",
            "team",
            "job_title",
            "reference",
            "location",
            "job_type",
            "hours",
            "opens_on",
            "closes_on",
            "status",
            "application_count",
            "open_count",
        ]


class FunnelStageSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    reached = serializers.IntegerField(help_text="Applications that reached this stage.")
    conversion = serializers.FloatField(
        allow_null=True, help_text="Percentage of the previous stage's applications that reached this one."
    )
    median_days = serializers.FloatField(
        allow_null=True, help_text="Median days from entering the previous stage to entering this one."
    )


class FunnelSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Applications counted.")
    stages = FunnelStageSerializer(many=True)
    left = serializers.DictField(
        child=serializers.IntegerField(), help_text="Applications that ended without an appointment, by how."
    )


class PlacementSerializer(serializers.ModelSerializer):
    peer_name = serializers.CharField(source="peer.full_name", read_only=True)
    team = serializers.IntegerField(source="post.team_id", read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "peer", "peer_name", "post", "team", "start_date", "end_date", "hours", "contract_end_date"]


class SupervisionStatusSerializer(serializers.Serializer):
    """One peer's position for one kind of supervision: never what was said in it."""

    peer = serializers.IntegerField(source="peer.pk")
    peer_name = serializers.CharField(source="peer.full_name")
    team = serializers.IntegerField(source="placement.post.team_id")
    kind = serializers.CharField()
    last_on = serializers.DateField(allow_null=True, help_text="The last session held.")
    due_on = serializers.DateField(help_text="When the next session is due.")
    planned_on = serializers.DateField(allow_null=True, help_text="The next session planned, if any.")
    overdue_days = serializers.IntegerField()


class ReviewSerializer(serializers.ModelSerializer):
    peer = serializers.IntegerField(source="placement.peer_id", read_only=True)
    peer_name = serializers.CharField(source="placement.peer.full_name", read_only=True)
    team = serializers.IntegerField(source="placement.post.team_id", read_only=True)

    class Meta:
        model = EmploymentReview
        fields = ["id", "placement", "peer", "peer_name", "team", "kind", "due_on", "held_on"]


class TrainingSerializer(serializers.ModelSerializer):
    peer_name = serializers.CharField(source="peer.full_name", read_only=True)
    course_name = serializers.CharField(source="course.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = TrainingRecord
        fields = [
            "id",
            "peer",
            "peer_name",
            "category",
            "title",
            "provider",
            "course",
            "course_name",
            "started_on",
            "completed_on",
            "expires_on",
        ]


class ShareRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    team = serializers.IntegerField(source="team.pk", allow_null=True, default=None)
    peer_headcount = serializers.IntegerField()
    peer_wte = serializers.DecimalField(max_digits=9, decimal_places=2)
    vacant_posts = serializers.IntegerField()
    vacant_wte = serializers.DecimalField(max_digits=9, decimal_places=2)
    headcount = serializers.IntegerField(allow_null=True, help_text="The establishment's headcount, if recorded.")
    wte = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    share_headcount = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    share_wte = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class GrowthSerializer(serializers.Serializer):
    """A programme's target share of peer workers and where it stands, per team, per service and in all."""

    programme = serializers.IntegerField(source="programme.pk")
    programme_name = serializers.CharField(source="programme.name")
    target = serializers.DecimalField(max_digits=5, decimal_places=2)
    measured = serializers.BooleanField()
    peers_to_target = serializers.IntegerField()
    wte_to_target = serializers.DecimalField(max_digits=9, decimal_places=2)
    summary = serializers.CharField()
    total = ShareRowSerializer()
    teams = ShareRowSerializer(many=True)
    services = ShareRowSerializer(many=True)


def plain_cell(value):
    """A dashboard table's cell as JSON: numbers stay numbers, dates become ISO dates, the rest text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class CellField(serializers.JSONField):
    """One cell of a table: text, a number or null."""

    def to_representation(self, value):
        return plain_cell(value)


class DashboardTableSerializer(serializers.Serializer):
    """One table of the dashboard, as the board report shows it: counts, naming nobody."""

    key = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=CellField()))


class ImportRequestSerializer(serializers.Serializer):
    trust = serializers.IntegerField(help_text="The trust the rows are for.")
    rows = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True, allow_null=True)),
        min_length=1,
        max_length=5000,
        help_text="One object a row, with the columns of the import's template as keys.",
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="Check every row and report what would be saved, saving nothing."
    )


class ImportRowSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="The row, counting from 1.")
    action = serializers.CharField(help_text="Create, Change or Error.")
    summary = serializers.CharField(allow_blank=True)
    errors = serializers.ListField(child=serializers.CharField(), help_text="What is wrong with the row, by column.")


class ImportResultSerializer(serializers.Serializer):
    saved = serializers.BooleanField(help_text="Whether the rows were saved (never when any row has an error).")
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    file_errors = serializers.ListField(child=serializers.CharField())
    rows = ImportRowSerializer(many=True)
