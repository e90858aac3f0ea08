"""Single sign-on with a trust's OpenID Connect identity provider (issue 20): configuration, sign-in and sign-out."""

from django.apps import AppConfig


class SsoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sso"
    verbose_name = "Single sign-on"
