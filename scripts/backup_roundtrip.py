#!/usr/bin/env python3
"""Back up the database and the uploaded files, restore them into a NEW database and a new media folder, and check
the copy (README, *Backups*). Run it with the project's Python, with the same environment as the application:

    .venv/bin/python scripts/backup_roundtrip.py --database-url "$DATABASE_URL" --media "$MEDIA_ROOT"

1. Backup: `pg_dump -Fc` of the database into BACKUP_DIR/database.dump, and a copy of MEDIA_ROOT in BACKUP_DIR/media.
2. Restore: a new, empty database (never the original) with `pg_restore --no-owner`, and the media copied back
   into a new folder.
3. Check the copy: `manage.py migrate --check` against it; every table's row count equal to the original's; every
   sequence ahead of its table's highest id (the next record can be saved); every uploaded file equal byte for
   byte; and pages served by the application from the copy (the Django test client, signed in as a temporary
   administrator inside a transaction that is rolled back, so the copy is left as restored): the home page, the
   list of peers, a few peers' pages showing their names as read from the original, and a training record's
   evidence served equal to the original file.

Exit status 0 when the round trip is whole, 1 (with what differs) otherwise. The restored database, media folder and
backup are removed at the end unless --keep (or the folders were given). Nothing about any person is printed: peers
and files are named by their ids.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess  # nosec B404: runs PostgreSQL's own tools and manage.py, with argument lists
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


# --- Connections ---------------------------------------------------------------------------------------------------


def parse_url(url: str) -> dict[str, str]:
    """postgres://user:password@host:port/name?sslmode=... as libpq's environment (PGHOST...) and the name, so no
    password appears on a command line."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"--database-url must be a PostgreSQL URL (postgres://...), not {parts.scheme or url!r}")
    env = {
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGUSER": unquote(parts.username or "postgres"),
    }
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    for pair in filter(None, parts.query.split("&")):
        key, _, value = pair.partition("=")
        if key == "sslmode":
            env["PGSSLMODE"] = value
    return {"name": unquote(parts.path.lstrip("/")), "env": env}


def with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def pg(tool: str, *args: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **parse_url(url)["env"]}
    return subprocess.run([tool, *args], env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603


def connect(url: str):
    import psycopg

    target = parse_url(url)
    e = target["env"]
    return psycopg.connect(
        dbname=target["name"],
        host=e["PGHOST"],
        port=e["PGPORT"],
        user=e["PGUSER"],
        password=e.get("PGPASSWORD"),
        sslmode=e.get("PGSSLMODE", "prefer"),
        autocommit=True,
    )


def create_database(url: str, name: str) -> None:
    from psycopg import sql

    with connect(url) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            raise SystemExit(f"The database {name} exists already: restore into a new database, never over one.")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str, name: str) -> None:
    from psycopg import sql

    with connect(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- What is compared ------------------------------------------------------------------------------------------------


def table_counts(url: str) -> dict[str, int]:
    """Every table of the public schema with its exact number of rows."""
    from psycopg import sql

    with connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {
            t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
            for t in sorted(tables)
        }


def sequences_behind(url: str) -> list[str]:
    """Columns fed by a sequence (identity or serial) whose sequence would hand out an id already taken: a copy
    whose sequences were not carried over (rows copied one by one, a data-only restore) fails on the next save
    with an IntegrityError on the primary key."""
    from psycopg import sql

    behind = []
    with connect(url) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) "
            "FROM information_schema.columns WHERE table_schema = 'public' "
            "AND (is_identity = 'YES' OR column_default LIKE 'nextval(%%')"
        ).fetchall()
        for table, column, sequence in columns:
            if not sequence:
                continue
            highest = conn.execute(
                sql.SQL("SELECT max({}) FROM {}").format(sql.Identifier(column), sql.Identifier(table))
            ).fetchone()[0]
            last, called = conn.execute(
                sql.SQL("SELECT last_value, is_called FROM {}").format(sql.SQL(sequence))
            ).fetchone()
            following = last + 1 if called else last
            if highest is not None and following <= highest:
                behind.append(f"{table}.{column}: next {following}, highest {highest}")
    return behind


def digests(folder: Path) -> dict[str, str]:
    """Every file under `folder` (its path inside it) with its SHA-256."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(label: str, original: dict, restored: dict) -> list[str]:
    """What differs between two {name: value} maps, one line each (names only)."""
    lines = [f"{label}: {name} missing from the copy" for name in sorted(set(original) - set(restored))]
    lines += [f"{label}: {name} only in the copy" for name in sorted(set(restored) - set(original))]
    lines += [
        f"{label}: {name} differs ({original[name]} in the original, {restored[name]} in the copy)"
        for name in sorted(set(original) & set(restored))
        if original[name] != restored[name]
    ]
    return lines


def samples(url: str, media: Path, how_many: int) -> dict:
    """Records to look for in the copy's pages, read from the ORIGINAL: a few peers (id, name) and training
    records with evidence on disk (id, SHA-256 of the file)."""
    with connect(url) as conn:
        peers = conn.execute("SELECT id, full_name FROM programmes_peer ORDER BY id LIMIT %s", [how_many]).fetchall()
        evidence = conn.execute(
            "SELECT id, evidence FROM development_trainingrecord WHERE evidence <> '' ORDER BY id DESC LIMIT %s",
            [how_many],
        ).fetchall()
    files = [
        (pk, hashlib.sha256((media / name).read_bytes()).hexdigest())
        for pk, name in evidence
        if (media / name).is_file()
    ]
    return {"peers": peers, "evidence": files}


# --- The application against the copy ------------------------------------------------------------------------------


def app_env(url: str, media: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
    env["CELERY_BROKER_URL"] = ""  # nothing queued for the real workers from the copy
    env["REDIS_URL"] = ""  # nor the real cache touched: a cache of the process's own
    hosts = [h for h in env.get("ALLOWED_HOSTS", "").split(",") if h]
    env["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    return env


def fetch_pages(spec: dict) -> dict:
    """Run in a child process whose DATABASE_URL and MEDIA_ROOT are the copy's: fetch pages through the test
    client as a temporary administrator, inside a transaction rolled back at the end."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils.html import escape

    found = {"pages": 0, "peers": 0, "evidence": 0, "problems": []}
    with transaction.atomic():
        admin = get_user_model().objects.create_user(
            username=f"backup-check-{os.getpid()}", is_superuser=True, is_staff=True
        )
        client = Client()
        client.force_login(admin)

        def get(url: str):
            response = client.get(url, secure=True)
            found["pages"] += 1
            if response.status_code != 200:
                found["problems"].append(f"{url} answered {response.status_code}")
            return response

        get(reverse("programmes:home"))
        get(reverse("programmes:peer-list"))
        for pk, name in spec["peers"]:
            response = get(reverse("programmes:peer-detail", args=[pk]))
            if escape(name) in response.content.decode():
                found["peers"] += 1
            else:
                found["problems"].append(f"peer {pk}: the name read from the original is not on their page")
        for pk, digest in spec["evidence"]:
            response = get(reverse("development:training-evidence", args=[pk]))
            served = b"".join(response.streaming_content) if response.status_code == 200 else b""
            if hashlib.sha256(served).hexdigest() == digest:
                found["evidence"] += 1
            else:
                found["problems"].append(f"training record {pk}: the evidence served differs from the original")
        transaction.set_rollback(True)
    return found


# --- The round trip ---------------------------------------------------------------------------------------------------


def step(message: str) -> None:
    print(f"- {message}", flush=True)


def round_trip(args, created: list[str]) -> list[str]:
    source = args.database_url
    source_name = parse_url(source)["name"]
    media = Path(args.media)
    backup = Path(args.backup_dir)
    restored_name = args.restore_database
    restored = with_name(source, restored_name)
    restored_media = Path(args.restore_media)
    problems: list[str] = []

    if restored_media.exists() and any(restored_media.iterdir()):
        return [f"{restored_media} is not empty: restore the media into a new folder"]

    # 1. Backup.
    backup.mkdir(parents=True, exist_ok=True)
    dump = backup / "database.dump"
    result = pg("pg_dump", "--format=custom", f"--file={dump}", f"--dbname={source_name}", url=source)
    if result.returncode:
        return [f"pg_dump failed: {result.stderr.strip()}"]
    if media.exists():
        shutil.copytree(media, backup / "media")
    step(f"backed up {source_name} ({dump.stat().st_size:,} bytes) and {len(digests(media))} uploaded files")

    # 2. Restore into a new database and a new folder.
    create_database(source, restored_name)
    created.append(restored_name)
    result = pg("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_name}", str(dump), url=source)
    if result.returncode:
        return [f"pg_restore failed: {result.stderr.strip()}"]
    if (backup / "media").exists():
        shutil.copytree(backup / "media", restored_media, dirs_exist_ok=True)
    step(f"restored into the new database {restored_name} and {restored_media}")

    # 3. Check the copy.
    env = app_env(restored, restored_media)
    check = subprocess.run(  # noqa: S603  # nosec B603
        [PYTHON, "manage.py", "migrate", "--check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    if check.returncode:
        shown = subprocess.run(  # noqa: S603  # nosec B603
            [PYTHON, "manage.py", "showmigrations"], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
        )
        missing, app = [], ""
        for line in shown.stdout.splitlines():
            if line and not line[0].isspace():
                app = line.strip()
            elif line.strip().startswith("[ ]"):
                missing.append(f"{app}.{line.strip()[4:]}")
        problems.append(
            "manage.py migrate --check failed: "
            + (f"not applied in the copy: {', '.join(missing)}" if missing else check.stderr.strip()[-2000:])
        )
    else:
        step("manage.py migrate --check: no migration missing")

    counts = table_counts(source)
    problems += differences("rows", counts, table_counts(restored))
    step(f"row counts compared: {len(counts)} tables, {sum(counts.values()):,} rows")
    behind = sequences_behind(restored)
    problems += [f"sequence behind its rows: {line}" for line in behind]
    original_files = digests(media)
    problems += differences("file", original_files, digests(restored_media))
    step(f"uploaded files compared byte for byte: {len(original_files)}")

    spec = samples(source, media, args.pages)
    child = subprocess.run(  # noqa: S603  # nosec B603
        [PYTHON, str(Path(__file__).resolve()), "--fetch-pages"],
        cwd=BASE_DIR,
        env=env,
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode:
        problems.append(f"fetching pages from the copy failed: {child.stderr.strip()[-2000:]}")
    else:
        pages = json.loads(child.stdout.strip().splitlines()[-1])
        problems += pages["problems"]
        step(
            f"pages served from the copy: {pages['pages']} fetched; {pages['peers']} of {len(spec['peers'])} peers "
            f"found by name; {pages['evidence']} of {len(spec['evidence'])} evidence files served byte for byte"
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="the database to back up")
    parser.add_argument("--media", default=os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")), help="MEDIA_ROOT")
    parser.add_argument("--backup-dir", help="where the backup is written (default: a new temporary folder)")
    parser.add_argument("--restore-database", help="the NEW database to restore into (default: <name>_restore_<time>)")
    parser.add_argument("--restore-media", help="the NEW folder to restore the media into (default: temporary)")
    parser.add_argument("--pages", type=int, default=3, help="how many peers and evidence files to look for")
    parser.add_argument("--keep", action="store_true", help="keep the restored database, media and backup")
    parser.add_argument("--fetch-pages", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.fetch_pages:
        print(json.dumps(fetch_pages(json.loads(sys.stdin.read()))))
        return 0
    if not args.database_url:
        parser.error("give --database-url (or set DATABASE_URL)")

    made: list[Path] = []
    if not args.backup_dir:
        args.backup_dir = tempfile.mkdtemp(prefix="peersupport-backup-")
        made.append(Path(args.backup_dir))
    if not args.restore_media:
        args.restore_media = tempfile.mkdtemp(prefix="peersupport-restored-media-")
        made.append(Path(args.restore_media))
    if not args.restore_database:
        stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
        args.restore_database = f"{parse_url(args.database_url)['name']}_restore_{stamp}"
    if args.restore_database == parse_url(args.database_url)["name"]:
        parser.error("--restore-database must be a new database, not the one backed up")

    created: list[str] = []  # only a database this run created is ever dropped
    try:
        problems = round_trip(args, created)
    finally:
        if not args.keep:
            for name in created:
                drop_database(args.database_url, name)
            for folder in made:
                shutil.rmtree(folder, ignore_errors=True)
    if problems:
        print("The round trip is NOT whole:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    print("Backup and restore round trip: whole.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
