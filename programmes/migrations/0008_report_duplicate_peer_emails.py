# Before a trust's peer emails become unique (0009): find every group of peers of one trust with the same email
# (ignoring case). A migration cannot tell whether two records are one person, so it merges nothing: the earliest
# record keeps the email; each later one has its email moved to a PeerEmailDuplicate row (with the record that
# kept it) and blanked, with a line in its history saying why. HR sees the list in the administration and merges
# the records (or gives an email back once corrected). Nothing is deleted; reversing puts the emails back.

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import timezone

REASON = "Email moved to the duplicates list (another peer of the trust had it)"


def report_duplicate_emails(apps, schema_editor) -> int:
    """Move the email of every later duplicate to the duplicates list; returns how many records it changed."""
    Peer = apps.get_model("programmes", "Peer")
    HistoricalPeer = apps.get_model("programmes", "HistoricalPeer")
    PeerEmailDuplicate = apps.get_model("programmes", "PeerEmailDuplicate")
    now = timezone.now()
    peers = Peer.objects.exclude(email="").annotate(key=Lower("email"))
    groups = peers.values("trust_id", "key").annotate(n=Count("pk")).filter(n__gt=1).order_by("trust_id", "key")
    moved = 0
    for group in groups:
        first, *later = peers.filter(trust_id=group["trust_id"], key=group["key"]).order_by("pk")
        for peer in later:
            PeerEmailDuplicate.objects.create(peer=peer, same_as=first, email=peer.email, found_at=now)
            peer.email = ""
            peer.save(update_fields=["email"])
            # simple-history does not record a migration's writes: its line is written here.
            HistoricalPeer.objects.create(
                **{field.attname: getattr(peer, field.attname) for field in Peer._meta.concrete_fields},
                history_date=now,
                history_type="~",
                history_change_reason=REASON,
            )
            moved += 1
    if moved:
        print(f"\n  {moved} peer record(s) shared an email with another record of their trust: see Administration,")
        print("  Peer email duplicates, to merge them.")
    return moved


def restore_emails(apps, schema_editor) -> None:
    """Give each listed record its email back (0009's constraint is gone by then) and forget the list."""
    PeerEmailDuplicate = apps.get_model("programmes", "PeerEmailDuplicate")
    for duplicate in PeerEmailDuplicate.objects.filter(resolved_at=None, peer__email="").select_related("peer"):
        duplicate.peer.email = duplicate.email
        duplicate.peer.save(update_fields=["email"])
    PeerEmailDuplicate.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0007_peer_email_duplicates_and_merges")]

    operations = [migrations.RunPython(report_duplicate_emails, restore_emails)]
