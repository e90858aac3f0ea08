"""Permission matrix rows for the career pathway, progression, the competency framework and assessments (the
`development` fixture, tests/development/world.py).

The pathway and the seed's framework are for every signed-in person; a trust's own framework for those of
that trust (and its peers). A peer's progression and assessments are seen by those who see the peer and by
the peer; steps are recorded by HR and the peer lead; assessments by those who supervise the peer (line
manager, supervisor, peer lead). Who is ready for the next step: HR, the peer lead and line managers.
"""

from development.models import CompetencyFramework
from tests.matrix import ADMIN, SIGNED_IN, Row, answers

SEE_PEER = ("hr_officer", "peer_lead", "line_manager", "supervisor", "peer_worker", *ADMIN)
SEE_COLLEAGUE = ("hr_officer", "peer_lead", "line_manager", "supervisor", *ADMIN)
TRUST = ("hr_officer", "peer_lead", "line_manager", "supervisor", "panel_member", "peer_worker", *ADMIN)
SUPERVISE = ("peer_lead", "line_manager", "supervisor", *ADMIN)

samira = lambda w: {"pk": w.peer.pk}  # noqa: E731
daniel = lambda w: {"pk": w.colleague.pk}  # noqa: E731
seed_framework = lambda w: {"pk": CompetencyFramework.objects.get(trust=None).pk}  # noqa: E731

ROWS: list[Row] = [
    # The development home page: staff who see peers and the peer's own account; not a panel member.
    Row("development:home", answers(ok=(*SEE_PEER, "other_trust_staff"))),
    Row("development:pathway", answers(ok=SIGNED_IN)),
    Row(
        "development:ready-for-next-step",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "other_trust_staff", *ADMIN)),
    ),
    Row("development:progression-list", answers(ok=SEE_PEER), samira, label="own for the peer"),
    Row("development:progression-list", answers(ok=SEE_COLLEAGUE), daniel, label="a colleague"),
    Row("development:progression-create", answers(ok=("hr_officer", "peer_lead", *ADMIN)), samira),
    Row("development:framework-detail", answers(ok=TRUST), lambda w: {"pk": w.framework.pk}, label="trust's own"),
    Row("development:framework-detail", answers(ok=SIGNED_IN), seed_framework, label="the seed's, for every trust"),
    Row("development:assessment-list", answers(ok=SEE_PEER), samira, label="own for the peer"),
    Row("development:assessment-list", answers(ok=SEE_COLLEAGUE), daniel, label="a colleague"),
    Row("development:assessment-create", answers(ok=SUPERVISE), samira),
    Row("development:assessment-detail", answers(ok=SEE_PEER), lambda w: {"pk": w.assessment.pk}),
]
