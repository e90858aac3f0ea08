"""How the OpenAPI schema describes the API's authentication: a personal API token as a Bearer token, or the
signed-in session (drf-spectacular finds this extension when the module is imported, in ApiConfig.ready)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "personalApiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created on the “API tokens” page: `Authorization: Bearer psp_…`.",
        }
