"""Fixtures of the web workspace tests: a copy of the example data as the workspace, and
one user per role (operators of two different SKPD), signed in with Django's test client.

The database is the one pytest-django sets up from `generator.web.settings`: SQLite, or
PostgreSQL when PKGEN_DATABASE_URL names one (tests/test_web_postgresql.py runs the web
tests again that way).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES

from generator.web.bench import form_fields  # noqa: F401 - the reader the benchmark uses

PEMDA = "2022"
OWN = "sekretariat-dprd"  # the SKPD of `operator`
OTHER = "dinas-kesehatan"  # the SKPD of `operator_lain`
ROLES = ("admin", "verifikator", "operator", "operator_lain", "pimpinan")


@pytest.fixture
def web_data(tmp_path: Path) -> Path:
    """`tmp/agreements` holding the examples of 2022 (Medan PKs and the Depok RB plans)."""
    root = tmp_path / "agreements"
    shutil.copytree(EXAMPLES, root / "2022")
    return root


@pytest.fixture
def workspace(settings, web_data: Path, tmp_path: Path):
    settings.PKGEN_DATA = str(web_data)
    settings.PKGEN_OUT = str(tmp_path / "output")
    settings.PKGEN_STATE = str(tmp_path / "state")
    # Tests sign in many times: a fast hasher (the server keeps Django's PBKDF2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from generator.web.workspace import current

    return current()


def make_user(username: str, role: str, skpd: list[tuple[str, str]] | None = None):
    from django.contrib.auth import get_user_model

    from generator.web.models import Assignment, Profile

    user = get_user_model().objects.create_user(username=username, password=None)
    user.first_name = username.replace("_", " ").title()
    user.save()
    Profile.objects.create(user=user, role=role.split("_")[0], must_change_password=False)
    for pemda, stem in skpd or []:
        Assignment.objects.create(user=user, pemda=pemda, skpd=stem)
    return user


@pytest.fixture
def users(db, workspace) -> dict[str, object]:
    return {
        "admin": make_user("admin", "admin"),
        "verifikator": make_user("verifikator", "verifikator"),
        "operator": make_user("operator", "operator", [(PEMDA, OWN)]),
        "operator_lain": make_user("operator_lain", "operator", [(PEMDA, OTHER)]),
        "pimpinan": make_user("pimpinan", "pimpinan"),
    }


@pytest.fixture
def client_as(users) -> Callable[[str], object]:
    """`client_as("operator")`: a test client signed in as that user."""
    from django.test import Client

    def make(role: str, **options: object) -> Client:
        client = Client(**options)
        client.force_login(users[role])
        return client

    return make


def skpd_url(stem: str, tail: str = "") -> str:
    return f"/pemda/{PEMDA}/skpd/{stem}/{tail}"


def finish(response) -> None:
    """Close a response (a file download holds its file open) without Django's end of
    request closing the database connection, which inside a test's transaction would end
    it: on SQLite that goes unnoticed, on PostgreSQL the next query fails."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)
