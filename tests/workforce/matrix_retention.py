"""Permission matrix rows for sickness absence (the `workforce` fixture, tests/workforce/world.py, with an absence of
Daniel's and one of Samira's made for the row).

A peer's absences are seen by the peer, HR, the peer support lead and the line manager over the peer; the same
staff record and change them (the peer does not record their own). The supervisor, panel members and another
trust's staff get 404. Ending a placement (its reason and destination) is in matrix_placements.
"""

import datetime

from tests.matrix import ADMIN, Row, answers
from workforce.models import AbsenceEpisode

MANAGE_ABSENCE = ("hr_officer", "peer_lead", "line_manager", *ADMIN)

samira = lambda w: {"pk": w.peer.pk}  # noqa: E731
daniel = lambda w: {"pk": w.colleague.pk}  # noqa: E731


def _episode(peer, placement) -> AbsenceEpisode:
    return AbsenceEpisode.objects.create(
        peer=peer,
        placement=placement,
        start_date=datetime.date(2026, 10, 5),
        end_date=datetime.date(2026, 10, 16),
        days_lost=10,
        reason_category="infection",
    )


def daniels(w) -> dict:
    return {"pk": _episode(w.colleague, w.colleague_placement).pk}


def samiras(w) -> dict:
    return {"pk": _episode(w.peer, w.placement).pk}


ROWS: list[Row] = [
    Row("workforce:absence-list", answers(ok=(*MANAGE_ABSENCE, "peer_worker")), samira, label="own"),
    Row("workforce:absence-list", answers(ok=MANAGE_ABSENCE), daniel, label="a colleague"),
    Row("workforce:absence-create", answers(ok=MANAGE_ABSENCE), daniel),
    Row("workforce:absence-create", answers(ok=MANAGE_ABSENCE), samira, label="not the peer themselves"),
    Row("workforce:absence-detail", answers(ok=MANAGE_ABSENCE), daniels, label="a colleague's"),
    Row("workforce:absence-detail", answers(ok=(*MANAGE_ABSENCE, "peer_worker")), samiras, label="own"),
    Row("workforce:absence-update", answers(ok=MANAGE_ABSENCE), daniels, label="a colleague's"),
    Row("workforce:absence-update", answers(ok=MANAGE_ABSENCE), samiras, label="own, not changed by the peer"),
]
