"""The test client posts a form as a browser does: with the hidden fields of the page it was opened from.

Every create page carries a one-time submission token and every edit page the version of the record it was
opened at (programmes.views_integrity); the server refuses a POST without them. So that the tests of what a
form saves need not open it first by hand, `FormClient.post` to such a page without either field GETs the page
first and sends its hidden field along, as a person filling the form in would. A test of the guard itself
passes the field explicitly (or `integrity=False` to send none); the server check is never relaxed for tests.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from programmes.integrity import TOKEN_FIELD, VERSION_FIELD
from programmes.views_integrity import WriteOnceMixin

HIDDEN = re.compile(rf'<input type="hidden" name="({TOKEN_FIELD}|{VERSION_FIELD})" value="([^"]*)">')


def integrity_fields(html: str) -> dict[str, str]:
    """The token or version a page's form carries (the first form's, for a page with one)."""
    found = HIDDEN.search(html)
    return {found.group(1): found.group(2)} if found else {}


def guarded(path: str) -> bool:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    view_class = getattr(match.func, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, WriteOnceMixin)


class FormClient(Client):
    def post(self, path, data=None, *args, integrity: bool = True, **kwargs):
        if (
            integrity
            and (data is None or isinstance(data, dict))
            and not {TOKEN_FIELD, VERSION_FIELD} & set(data or {})
            and "content_type" not in kwargs
            and guarded(path)
        ):
            page = self.get(path)
            if page.status_code == 200:
                data = {**(data or {}), **integrity_fields(page.content.decode())}
        return super().post(path, data, *args, **kwargs)
