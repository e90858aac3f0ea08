"""App configuration for programmes: the shared model and phase 1, preparation."""

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programmes, teams, posts and peers"

    def ready(self):
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_save

        from peersupport.prepared import keep_prepared_statements

        from . import security

        # Prepared statements (settings: DATABASE_PREPARE_THRESHOLD): each connection keeps enough for its pages.
        connection_created.connect(keep_prepared_statements, dispatch_uid="peersupport.prepared")

        # Sessions (issue 8): the session's clocks start at sign-in; a deactivated user is signed out everywhere.
        user_logged_in.connect(security.record_sign_in, dispatch_uid="programmes.security.record_sign_in")
        post_save.connect(
            security.end_sessions_of_deactivated_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="programmes.security.end_sessions_of_deactivated_user",
        )
