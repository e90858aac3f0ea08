"""Shared set-up for the bench scripts: the environment Django needs, and a fresh PostgreSQL database."""

from __future__ import annotations

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASES = {
    "trust": "postgres://postgres@127.0.0.1:5432/peersupport_trust",
    "national": "postgres://postgres@127.0.0.1:5432/peersupport_national",
}


def configure(database_url: str) -> None:
    """Point Django at `database_url` (PostgreSQL only) and set it up."""
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    if not database_url.startswith("postgres"):
        sys.exit("The benchmarks run on PostgreSQL: give a postgres://... URL.")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
    import django

    django.setup()


def fresh_database(url: str) -> None:
    """Drop the database named by `url` and create it empty."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def machine_speed() -> str:
    """How fast this machine is right now, for comparing figures measured at different hours: the CPU seconds a
    fixed pure-Python loop takes, best of three. On the 2-core machine of README's tables it took 0.55-0.73 s on
    fast hours and 0.84-1.15 s on slow ones, and the same code's figures moved with it by a third or more."""
    import time

    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        sum(i * i for i in range(10_000_000))
        best = min(best, time.process_time() - started)
    return f"a fixed Python loop (sum of 10**7 squares) took {best:.2f} s of CPU, best of three"
