"""Permission matrix rows for the peer network (the `development` fixture).

HR and the peer support lead of the trust record and edit its network's meetings (another trust's HR officer
opens the list and the form, empty of Northshire's meetings); line managers and supervisors of the trust read
them; the peer worker reads the meeting they attended; a panel member has no network pages. Everyone else: 404.
"""

from tests.matrix import KEEPERS, Row, answers

READERS = (*KEEPERS, "line_manager", "supervisor", "peer_worker")
LISTS = (*READERS, "other_trust_staff")
CREATORS = (*KEEPERS, "other_trust_staff")

meeting = lambda w: {"pk": w.network_meeting.pk}  # noqa: E731

ROWS: list[Row] = [
    Row("development:network-list", answers(ok=LISTS)),
    Row("development:network-create", answers(ok=CREATORS)),
    Row("development:network-detail", answers(ok=READERS), meeting),
    Row("development:network-update", answers(ok=KEEPERS), meeting),
]
