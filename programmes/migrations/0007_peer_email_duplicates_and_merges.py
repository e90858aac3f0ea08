# The tables for two records of one person: the duplicates found when a trust's peer emails became unique
# (0008 fills it, before 0009 adds the constraint) and the record of each merge.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0006_roles_kinds_tokens_file_deletions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PeerEmailDuplicate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.EmailField(help_text="The email the record had.", max_length=254)),
                ("found_at", models.DateTimeField()),
                ("resolved_at", models.DateTimeField(blank=True, null=True)),
                (
                    "resolution",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("merged", "Merged into one record"),
                            ("email_restored", "Email given back to the record"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "peer",
                    models.ForeignKey(
                        help_text="The record whose email was moved.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="email_duplicates",
                        to="programmes.peer",
                    ),
                ),
                (
                    "same_as",
                    models.ForeignKey(
                        help_text="The earlier record of the trust, which kept the email.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="email_duplicates_kept",
                        to="programmes.peer",
                    ),
                ),
            ],
            options={"verbose_name": "peer email duplicate", "ordering": ["resolved_at", "found_at", "pk"]},
        ),
        migrations.CreateModel(
            name="PeerMerge",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "merged_peer_id",
                    models.BigIntegerField(help_text="The number of the record merged in (its history keeps it)."),
                ),
                ("merged_full_name", models.CharField(max_length=200)),
                ("merged_at", models.DateTimeField(auto_now_add=True)),
                (
                    "moved",
                    models.JSONField(default=dict, help_text="How many records of each kind moved to the kept peer."),
                ),
                (
                    "filled",
                    models.JSONField(
                        default=list, help_text="The kept peer's empty fields filled from the merged one."
                    ),
                ),
                (
                    "kept",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="merges", to="programmes.peer"
                    ),
                ),
                (
                    "merged_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={"ordering": ["-merged_at", "-pk"]},
        ),
    ]
