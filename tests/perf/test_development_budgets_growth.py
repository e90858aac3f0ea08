"""Query budgets for this part's pages (filled in with its pages)."""

PAGES: list = []
