"""Permission matrix rows of the train-and-place pipeline (the `recruitment` fixture, with the records of
tests/development/pipeline_world.py made for each row).

HR and the peer support lead of the trust manage applications for training places, the DBS check before training and
graduates put forward for vacancies (another trust's HR officer opens the lists and the form, empty of Northshire's);
the panel member reads the application they interview; line managers, supervisors and peers get 404.
"""

from tests.development.pipeline_world import pipeline_of
from tests.matrix import KEEPERS, Row, answers

R = "recruitment"
LISTS = (*KEEPERS, "other_trust_staff")

application = lambda w: {"pk": pipeline_of(w).training_application.pk}  # noqa: E731
graduate = lambda w: {"pk": pipeline_of(w).graduate_application.pk}  # noqa: E731

ROWS: list[Row] = [
    Row("development:pipeline-list", answers(ok=(*LISTS, "panel_member")), fixture=R),
    Row("development:pipeline-create", answers(ok=LISTS), fixture=R),
    Row("development:pipeline-graduates", answers(ok=LISTS), fixture=R),
    Row("development:pipeline-detail", answers(ok=(*KEEPERS, "panel_member")), application, fixture=R),
    Row("development:pipeline-update", answers(ok=KEEPERS), application, fixture=R),
    Row("development:pipeline-interview", answers(ok=KEEPERS), application, fixture=R),
    Row("development:pipeline-step", answers(ok=KEEPERS), application, fixture=R),
    Row("development:pipeline-dbs", answers(ok=KEEPERS), application, fixture=R),
    Row("development:pipeline-put-forward", answers(ok=KEEPERS), graduate, fixture=R),
]
