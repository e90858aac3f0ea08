"""Permission matrix rows for workforce growth and wider system change (the `development` fixture).

These records are kept by HR and the peer support lead of the programme (and administrators): everyone else
gets 404, as a forbidden object does. Another trust's HR officer opens the lists and the forms (empty: nothing
of Northshire), never Northshire's records. The evidence download of a contribution with a file is checked for
every role in tests/development/test_system_change.py (it needs a temporary MEDIA_ROOT); the row here is the
contribution of the world, which has no file: 404 for all.
"""

from tests.matrix import KEEPERS, Row, answers

PAGES = (*KEEPERS, "other_trust_staff")  # HR and the peer lead of any trust reach the growth pages

programme = lambda w: {"pk": w.programme.pk}  # noqa: E731
establishment = lambda w: {"pk": w.establishment.pk}  # noqa: E731
vacancy_review = lambda w: {"pk": w.vacancy_review.pk}  # noqa: E731
new_service = lambda w: {"pk": w.new_service.pk}  # noqa: E731
contribution = lambda w: {"pk": w.contribution.pk}  # noqa: E731

ROWS: list[Row] = [
    Row("development:growth", answers(ok=KEEPERS), programme),
    Row("development:establishment-create", answers(ok=PAGES)),
    Row("development:establishment-update", answers(ok=KEEPERS), establishment),
    Row("development:vacancy-review-list", answers(ok=PAGES)),
    Row("development:vacancy-review-create", answers(ok=PAGES)),
    Row("development:vacancy-review-detail", answers(ok=KEEPERS), vacancy_review),
    Row("development:new-service-list", answers(ok=PAGES)),
    Row("development:new-service-create", answers(ok=PAGES)),
    Row("development:new-service-update", answers(ok=KEEPERS), new_service),
    Row("development:contribution-list", answers(ok=PAGES)),
    Row("development:contribution-create", answers(ok=PAGES)),
    Row("development:contribution-detail", answers(ok=KEEPERS), contribution),
    Row("development:contribution-evidence", answers(), contribution, label="no file attached"),
]
