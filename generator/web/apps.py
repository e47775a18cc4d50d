"""The Django application of the web workspace."""

from __future__ import annotations

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "generator.web"
    label = "pkgen"
    verbose_name = "Ruang kerja pkgen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from generator.web import audit

        audit.connect_signals()
