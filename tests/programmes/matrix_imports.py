"""Permission matrix rows for the CSV import of existing staff (issue 7, part 9): HR and the peer support lead
of a trust (and an administrator) import; HR of the other trust imports for their own trust; nobody else sees
the pages. Confirming without a checked file sends back to the import page."""

from django.urls import reverse

from tests.matrix import Row, answers

IMPORTERS = ("hr_officer", "peer_lead", "other_trust_staff", "administrator")
BACK_TO_IMPORT = f"302 to {reverse('programmes:import')}"

ROWS: list[Row] = [
    Row("programmes:import", answers(ok=IMPORTERS)),
    Row("programmes:import-template", answers(ok=IMPORTERS), lambda w: {"kind": "peers"}, label="peers"),
    Row("programmes:import-template", answers(ok=IMPORTERS), lambda w: {"kind": "posts"}, label="posts"),
    Row("programmes:import-confirm", answers(ok=IMPORTERS)),
    Row(
        "programmes:import-confirm",
        answers(**dict.fromkeys(IMPORTERS, BACK_TO_IMPORT)),
        label="nothing checked",
        method="post",
    ),
]
