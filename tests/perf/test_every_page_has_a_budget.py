"""Every page of the product has a query budget: the meta-test beside the permission matrix's."""

from tests.perf import (
    test_api_budgets,
    test_dashboard_budgets,
    test_development_budgets_growth,
    test_development_budgets_network,
    test_development_budgets_pathway,
    test_development_budgets_pipeline,
    test_development_budgets_training,
    test_home_budgets,
    test_import_budgets,
    test_notification_budgets,
    test_outcomes_budgets,
    test_privacy_budgets,
    test_query_budgets,
    test_recruitment_budgets_adverts,
    test_recruitment_budgets_applications,
    test_recruitment_budgets_restricted,
    test_security_budgets,
    test_workforce_budgets_absence,
    test_workforce_budgets_placements,
    test_workforce_budgets_supervision,
)
from tests.test_permissions import _all_url_patterns

MODULES = [
    test_api_budgets,
    test_query_budgets,
    test_recruitment_budgets_adverts,
    test_recruitment_budgets_applications,
    test_recruitment_budgets_restricted,
    test_workforce_budgets_placements,
    test_workforce_budgets_supervision,
    test_workforce_budgets_absence,
    test_notification_budgets,
    test_development_budgets_pathway,
    test_development_budgets_training,
    test_development_budgets_growth,
    test_development_budgets_network,
    test_development_budgets_pipeline,
    test_dashboard_budgets,
    test_import_budgets,
    test_security_budgets,
    test_privacy_budgets,
    test_home_budgets,
    test_outcomes_budgets,
]
# Signing in, passwords and the admin are Django's own pages.
PHASE_NAMESPACES = {
    "programmes:",
    "recruitment:",
    "workforce:",
    "development:",
    "outcomes:",
    "dashboards:",
    "privacy:",
    "api:",
}


def test_every_page_of_every_phase_has_a_query_budget():
    budgeted = {f"{page.namespace}:{page.url_name}" for module in MODULES for page in module.PAGES}
    pages = {name for namespace, name in _all_url_patterns() if namespace in PHASE_NAMESPACES}
    # URLs that answer only a POST, named with the reason by their module (NOT_PAGES).
    pages -= {name for module in MODULES for name in getattr(module, "NOT_PAGES", {})}
    missing = sorted(pages - budgeted)
    assert not missing, f"pages with no query budget: {missing}"
