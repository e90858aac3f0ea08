# Posts' job descriptions copied from a library template before a copy said the post's own trust: the source's
# employer (e.g. "Central and North West London NHS Trust") is replaced by the post's trust, as a new copy does
# (programmes.reference_data.for_the_post). Each record changed gets a line in its history. The library's
# templates keep the source's words. Not reversed: the source's employer was never the post's.

from django.db import migrations
from django.utils import timezone

from programmes.reference_data import for_the_post

REASON = "The source's employer replaced by the post's trust"


def _history(apps, model_name: str, row, now) -> None:
    """simple-history does not record a migration's writes: its line is written here."""
    Historical = apps.get_model("programmes", f"Historical{model_name}")
    values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    Historical.objects.create(
        **values, history_date=now, history_type="~", history_change_reason=REASON, history_user=None
    )


def name_their_own_trust(apps, schema_editor) -> int:
    JobDescription = apps.get_model("programmes", "JobDescription")
    now = timezone.now()
    changed = 0
    copies = JobDescription.objects.filter(post__isnull=False, based_on__isnull=False).select_related(
        "based_on", "post__team__trust"
    )
    for jd in copies:
        template, trust = jd.based_on.template_name, jd.post.team.trust.name
        rows = [("JobDescription", jd)]
        rows += [("KeyAccountability", row) for row in jd.accountabilities.all()]
        rows += [("PersonSpecificationCriterion", row) for row in jd.person_specification.all()]
        for model_name, row in rows:
            fields = {}
            for field in row._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(value, str):
                    ours = for_the_post(value, template_name=template, trust_name=trust)
                    if ours != value:
                        fields[field.attname] = ours
            if fields:
                for name, value in fields.items():
                    setattr(row, name, value)
                row.save(update_fields=list(fields))
                _history(apps, model_name, row, now)
                changed += 1
    return changed


class Migration(migrations.Migration):
    dependencies = [("programmes", "0009_peer_email_unique_per_trust")]

    operations = [migrations.RunPython(name_their_own_trust, migrations.RunPython.noop)]
