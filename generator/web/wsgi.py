"""WSGI entry point for a deployment behind a reverse proxy (`pkgen serve` uses it too).

The build worker and its LibreOffice pool start with the application unless
`PKGEN_WORKER=0`; run exactly one process with the worker (builds of one output folder
must not run at the same time).
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "generator.web.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

if os.environ.get("PKGEN_WORKER", "1") == "1" and not os.environ.get("PKGEN_SERVE"):
    from generator.web import builds
    from generator.web.workspace import current

    builds.recover_interrupted()
    builds.start_worker(current)
