"""Permission matrix rows of the outcomes app (the `workforce` fixture, tests/workforce/world.py, with the records of
tests/outcomes/world.py made for each row).

A programme's evaluation plan and outcome measures: HR and the peer support lead of the trust. A team's monthly
returns: entered by the team's line manager and its peers in post (Samira), read also by HR and the peer lead; the
supervisor, panel members and another trust's staff get 404. The team's allocation process: HR, the peer lead and
the line manager. A peer's caseload: read by the peer, HR, the peer lead and the line manager, recorded by the last
three.
"""

from programmes.models import Programme
from tests.matrix import ADMIN, KEEPERS, Row, answers
from tests.outcomes import world as ow

W = "workforce"
ENTRY = ("line_manager", "peer_worker", *ADMIN)
READ_RETURNS = ("hr_officer", "peer_lead", *ENTRY)
MANAGE = ("hr_officer", "peer_lead", "line_manager", *ADMIN)

programme = lambda w: {"pk": Programme.objects.filter(trust=w.trust).order_by("pk").first().pk}  # noqa: E731
team = lambda w: {"pk": w.team.pk}  # noqa: E731
other_team = lambda w: {"pk": w.other_team.pk}  # noqa: E731
samira = lambda w: {"pk": w.peer.pk}  # noqa: E731
daniel = lambda w: {"pk": w.colleague.pk}  # noqa: E731


def with_plan(w) -> dict:
    ow.plan_of(w)
    return programme(w)


ROWS: list[Row] = [
    Row("outcomes:plan-detail", answers(ok=KEEPERS), programme, fixture=W),
    Row("outcomes:plan-create", answers(ok=KEEPERS), programme, fixture=W),
    Row("outcomes:question-create", answers(ok=KEEPERS), with_plan, fixture=W),
    Row("outcomes:question-update", answers(ok=KEEPERS), lambda w: {"pk": ow.question_of(w).pk}, fixture=W),
    Row("outcomes:measure-create", answers(ok=KEEPERS), programme, fixture=W),
    Row("outcomes:measure-update", answers(ok=KEEPERS), lambda w: {"pk": ow.measure_of(w).pk}, fixture=W),
    Row("outcomes:return-list", answers(ok=READ_RETURNS), team, fixture=W),
    Row("outcomes:return-list", answers(ok=KEEPERS), other_team, label="another team", fixture=W),
    Row("outcomes:return-create", answers(ok=ENTRY), team, fixture=W),
    Row("outcomes:return-create", answers(ok=ADMIN), other_team, label="another team", fixture=W),
    Row("outcomes:return-detail", answers(ok=READ_RETURNS), lambda w: {"pk": ow.team_return(w.team).pk}, fixture=W),
    Row("outcomes:return-update", answers(ok=ENTRY), lambda w: {"pk": ow.team_return(w.team).pk}, fixture=W),
    Row(
        "outcomes:return-update",
        answers(ok=ADMIN),
        lambda w: {"pk": ow.team_return(w.other_team).pk},
        label="another team",
        fixture=W,
    ),
    Row("outcomes:allocation-update", answers(ok=MANAGE), team, fixture=W),
    Row("outcomes:caseload-list", answers(ok=(*MANAGE, "peer_worker")), samira, label="own", fixture=W),
    Row("outcomes:caseload-list", answers(ok=MANAGE), daniel, label="a colleague", fixture=W),
    Row("outcomes:caseload-create", answers(ok=MANAGE), samira, label="not the peer themselves", fixture=W),
]
