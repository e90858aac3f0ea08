"""WSGI entry point (gunicorn peersupport.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")

application = get_wsgi_application()

# The objects loaded at start live as long as the process: Django, the apps, and (loaded here rather than by the
# first request) every view, form and URL pattern, ~200,000 objects. Frozen, the garbage collector no longer walks
# them at each full collection, which otherwise landed on one request in a few dozen and added ~150 ms of CPU to it
# (measured on the load test's mix of pages: ~23 ms frozen; bench/load.py). WSGI_GC_FREEZE=false keeps the default.
if os.environ.get("WSGI_GC_FREEZE", "true").lower() not in {"false", "0", "no"}:
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  (imports every view and form)
    resolver.reverse_dict  # noqa: B018  (the URL names, for reverse())
    gc.collect()
    gc.freeze()
