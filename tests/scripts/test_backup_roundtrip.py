"""Backups (issue 22, item 7): scripts/backup_roundtrip.py dumps a database with `pg_dump -Fc` and its media folder,
restores both into a NEW database and a new folder, runs `manage.py migrate --check` against the copy, compares
every table's rows and every file, and fetches pages from the copy. Here it runs on a small demo database made by
the test (the migrated test database copied, then `seed_demo`, `seed_workforce_demo` and an uploaded certificate),
and the test checks the round trip itself: the main tables' row counts equal, the certificate byte for byte."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import need

BASE_DIR = Path(__file__).resolve().parents[2]
SCRIPT = BASE_DIR / "scripts" / "backup_roundtrip.py"
spec = importlib.util.spec_from_file_location("backup_roundtrip", SCRIPT)
backup = importlib.util.module_from_spec(spec)
spec.loader.exec_module(backup)

MAIN_TABLES = [
    "auth_user",
    "programmes_trust",
    "programmes_team",
    "programmes_post",
    "programmes_peer",
    "programmes_historicalpeer",
    "programmes_staffrole",
    "workforce_placement",
    "workforce_supervisionsession",
    "development_trainingrecord",
]
CERTIFICATE = b"%PDF-1.4\n" + bytes(range(256)) * 40  # every byte value, so a text-mode copy would show

MAKE_DEMO = """
import django, sys
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from development import services_training
from programmes.models import Peer
call_command("seed_demo", verbosity=0)
call_command("seed_workforce_demo", verbosity=0)
record = services_training.record_training(
    by=None, peer=Peer.objects.order_by("pk").first(), category="recovery_college", title="Recovery college course",
    evidence=SimpleUploadedFile("certificate.pdf", sys.stdin.buffer.read(), "application/pdf"),
)
print(record.evidence.name)
"""


def url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def run(args: list[str], *, env: dict, data: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=BASE_DIR, env=env, input=data, capture_output=True, timeout=300)


@pytest.fixture
def demo(db, tmp_path):
    """A small demo database of its own and its media folder; both databases are dropped afterwards. (`db` only
    for the test database's name: what is copied from it is what its migrations committed.)"""
    need("PostgreSQL and its pg_dump and pg_restore", connection.vendor == "postgresql" and shutil.which("pg_dump"))
    test_database = connection.settings_dict["NAME"]
    source, restored = f"{test_database}_backup_source", f"{test_database}_backup_restored"
    for name in (source, restored):
        backup.drop_database(url(test_database), name)
    backup.create_database(url(test_database), source)
    media = tmp_path / "media"
    env = {**os.environ, "DATABASE_URL": url(source), "MEDIA_ROOT": str(media), "CELERY_BROKER_URL": ""}
    try:
        # The migrated schema and reference data, as committed in the test database (faster than migrating anew).
        dumped = run(["pg_dump", "--format=custom", f"--dbname={url(test_database)}"], env=env)
        assert dumped.returncode == 0, dumped.stderr
        loaded = run(["pg_restore", "--no-owner", f"--dbname={url(source)}"], env=env, data=dumped.stdout)
        assert loaded.returncode == 0, loaded.stderr
        made = run([sys.executable, "-c", MAKE_DEMO], env=env, data=CERTIFICATE)
        assert made.returncode == 0, made.stderr.decode()[-3000:]
        yield {
            "source": url(source),
            "restored": url(restored),
            "restored_name": restored,
            "media": media,
            "certificate": made.stdout.decode().split()[-1],
            "env": env,
            "tmp": tmp_path,
        }
    finally:
        for name in (source, restored):
            backup.drop_database(url(test_database), name)


def test_the_backup_script_round_trips_the_demo_database_and_media(demo):
    restored_media = demo["tmp"] / "restored-media"
    result = run(
        [
            sys.executable,
            str(SCRIPT),
            f"--database-url={demo['source']}",
            f"--media={demo['media']}",
            f"--backup-dir={demo['tmp'] / 'backup'}",
            f"--restore-database={demo['restored_name']}",
            f"--restore-media={restored_media}",
            "--keep",
        ],
        env=demo["env"],
    )
    out, err = result.stdout.decode(), result.stderr.decode()

    assert result.returncode == 0, out + err
    assert "manage.py migrate --check: no migration missing" in out
    assert "3 of 3 peers found by name; 1 of 1 evidence files served byte for byte" in out
    assert (demo["tmp"] / "backup" / "database.dump").read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    original, copy = backup.table_counts(demo["source"]), backup.table_counts(demo["restored"])
    assert {t: copy[t] for t in MAIN_TABLES} == {t: original[t] for t in MAIN_TABLES}
    assert all(original[t] > 0 for t in MAIN_TABLES), "the demo must have data in every main table"
    assert copy == original  # every table, the history tables included
    assert (restored_media / demo["certificate"]).read_bytes() == CERTIFICATE
    assert backup.sequences_behind(demo["restored"]) == []

    # What the script looks for when a copy is not whole: a sequence reset (as a row-by-row copy leaves it), a
    # file changed, a row missing.
    with backup.connect(demo["restored"]) as conn:
        conn.execute("SELECT setval(pg_get_serial_sequence('programmes_historicalpeer', 'history_id'), 1)")
        conn.execute(
            "DELETE FROM programmes_historicalpeer "
            "WHERE history_id = (SELECT max(history_id) FROM programmes_historicalpeer)"
        )
    (restored_media / demo["certificate"]).write_bytes(CERTIFICATE[:-1] + b"\x00")
    assert [line.split(":")[0] for line in backup.sequences_behind(demo["restored"])] == [
        "programmes_historicalpeer.history_id"
    ]
    assert backup.differences("file", backup.digests(demo["media"]), backup.digests(restored_media)) == [
        f"file: {demo['certificate']} differs ({backup.digests(demo['media'])[demo['certificate']]} in the original, "
        f"{backup.digests(restored_media)[demo['certificate']]} in the copy)"
    ]
    assert backup.differences("rows", original, backup.table_counts(demo["restored"])) == [
        f"rows: programmes_historicalpeer differs ({original['programmes_historicalpeer']} in the original, "
        f"{original['programmes_historicalpeer'] - 1} in the copy)"
    ]


def test_the_script_refuses_to_restore_over_the_database_it_backs_up(tmp_path):
    result = run(
        [sys.executable, str(SCRIPT), f"--database-url={url('peersupport')}", "--restore-database=peersupport"],
        env=dict(os.environ),
    )
    assert result.returncode == 2
    assert b"must be a new database" in result.stderr
