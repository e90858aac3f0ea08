"""Sharing a Wellness Action Plan names people (issue 21): "my line manager" and "my supervisor" become the users
named on the peer's placement. Existing shares are carried to the people named on the placements at migration time:
the placement current today (the earliest if several), else the peer's latest; each plan changed gets a history
row saying why. Plans shared with a role the placement names nobody for stay shared with nobody until the peer
confirms someone (the sharing page asks them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

REASON = "Shared with the person named on the placement when sharing began to name people (issue 21)"


def placement_naming(Placement, peer_id, today):
    """The placement whose named people "my line manager" and "my supervisor" mean: the current one (the
    earliest if several), else the latest. The same rule as `workforce.selectors.placement_for_sharing`."""
    placements = Placement.objects.filter(peer_id=peer_id)
    current = (
        placements.filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by("start_date", "pk")
        .first()
    )
    return current or placements.order_by("-start_date", "-pk").first()


def name_the_people_shared_with(apps, schema_editor):
    Plan = apps.get_model("workforce", "WellnessActionPlan")
    HistoricalPlan = apps.get_model("workforce", "HistoricalWellnessActionPlan")
    Placement = apps.get_model("workforce", "Placement")
    today = timezone.localdate()
    fields = [f.attname for f in Plan._meta.concrete_fields]
    for plan in Plan.objects.filter(Q(shared_with_line_manager=True) | Q(shared_with_supervisor=True)).order_by("pk"):
        placement = placement_naming(Placement, plan.peer_id, today)
        if placement is None:
            continue
        if plan.shared_with_line_manager:
            plan.line_manager_shared_with_id = placement.line_manager_id
        if plan.shared_with_supervisor:
            plan.supervisor_shared_with_id = placement.peer_supervisor_id
        if plan.line_manager_shared_with_id is None and plan.supervisor_shared_with_id is None:
            continue
        plan.save(update_fields=["line_manager_shared_with", "supervisor_shared_with"])
        # Historical models have no history of their own in a migration: write the row simple-history would.
        HistoricalPlan.objects.create(
            **{name: getattr(plan, name) for name in fields},
            history_date=timezone.now(),
            history_type="~",
            history_change_reason=REASON,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0006_roles_kinds_tokens_file_deletions'),
        ('workforce', '0003_induction_template'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalwellnessactionplan',
            name='line_manager_shared_with',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="The line manager named on the peer's placement when the peer shared the plan (or confirmed a change); empty when the placement named nobody then.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='line manager it is shared with'),
        ),
        migrations.AddField(
            model_name='historicalwellnessactionplan',
            name='supervisor_shared_with',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="The peer supervisor named on the peer's placement when the peer shared the plan (or confirmed a change); empty when the placement named nobody then.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='supervisor it is shared with'),
        ),
        migrations.AddField(
            model_name='wellnessactionplan',
            name='line_manager_shared_with',
            field=models.ForeignKey(blank=True, help_text="The line manager named on the peer's placement when the peer shared the plan (or confirmed a change); empty when the placement named nobody then.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='line manager it is shared with'),
        ),
        migrations.AddField(
            model_name='wellnessactionplan',
            name='supervisor_shared_with',
            field=models.ForeignKey(blank=True, help_text="The peer supervisor named on the peer's placement when the peer shared the plan (or confirmed a change); empty when the placement named nobody then.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='supervisor it is shared with'),
        ),
        migrations.AddConstraint(
            model_name='wellnessactionplan',
            constraint=models.CheckConstraint(condition=models.Q(('line_manager_shared_with__isnull', True), ('shared_with_line_manager', True), _connector='OR'), name='wap_named_line_manager_only_when_shared'),
        ),
        migrations.AddConstraint(
            model_name='wellnessactionplan',
            constraint=models.CheckConstraint(condition=models.Q(('supervisor_shared_with__isnull', True), ('shared_with_supervisor', True), _connector='OR'), name='wap_named_supervisor_only_when_shared'),
        ),
        migrations.RunPython(name_the_people_shared_with, migrations.RunPython.noop),
    ]
