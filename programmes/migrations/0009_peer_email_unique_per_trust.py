# One peer per email in a trust (ignoring case; an empty email is not an email). 0008 has already moved the
# emails of later duplicates to PeerEmailDuplicate, so the index can be built.

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programmes", "0008_report_duplicate_peer_emails")]

    operations = [
        migrations.AddConstraint(
            model_name="peer",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                models.F("trust"),
                condition=models.Q(("email", ""), _negated=True),
                name="peer_email_unique_per_trust",
                violation_error_message=(
                    "Another peer of this trust already has this email address. Each person has one record: update "
                    "that record instead (an administrator can merge two records of the same person)."
                ),
            ),
        ),
    ]
