"""The API's reference page: Swagger UI over the schema, its files served from this application
(drf-spectacular-sidecar), and its start-up script a file of its own, so the Content-Security-Policy holds."""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class ReferenceView(SpectacularSwaggerSplitView):
    url_name = "api:schema"
    template_name = "api/reference.html"
    title = "Peer Support Programme Manager API"
