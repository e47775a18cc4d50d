"""The audit log: every change, build, login (and failed login) with who and from where."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from generator.web.models import AuditEvent
from generator.web.workspace import SkpdRef

LOGIN, LOGIN_FAILED, LOGOUT = "masuk", "masuk-gagal", "keluar"


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None,
    action: str,
    skpd: SkpdRef | None = None,
    detail: str = "",
    *,
    user: Any = None,
    username: str = "",
    pemda: str = "",
) -> AuditEvent:
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return AuditEvent.objects.create(
        user=user,
        username=username or (user.get_username() if user is not None else ""),
        ip=client_ip(request),
        action=action,
        pemda=skpd.pemda.id if skpd is not None else pemda,
        skpd=skpd.stem if skpd is not None else "",
        detail=detail[:4000],
    )


def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(request, LOGIN, user=user)


def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(request, LOGOUT, user=user)


def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(request, LOGIN_FAILED, username=username)


def connect_signals() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="pkgen-login")
    user_logged_out.connect(_logged_out, dispatch_uid="pkgen-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="pkgen-login-failed")
