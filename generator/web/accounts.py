"""Accounts: creating users with a role, one-time passwords, and login throttling."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.utils import timezone

from generator.web.audit import LOGIN_FAILED, client_ip
from generator.web.models import Assignment, AuditEvent, Profile, Role

MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_IP = 20
THROTTLE_WINDOW = datetime.timedelta(minutes=15)


class AccountError(ValueError):
    """A user that cannot be created or changed; the message is shown as written."""


def one_time_password() -> str:
    """A password to give once; the user must change it at first login."""
    return secrets.token_urlsafe(12)


@dataclass(frozen=True)
class NewAccount:
    username: str
    password: str
    role: Role


def add_user(
    username: str,
    role: Role,
    *,
    full_name: str = "",
    skpd: list[tuple[str, str]] | None = None,
    password: str | None = None,
) -> NewAccount:
    """Create an account with a role (an operator with its SKPD) and a one-time password."""
    model = get_user_model()
    if model.objects.filter(username=username).exists():
        raise AccountError(f"pengguna {username!r} sudah ada")
    if role is Role.OPERATOR and not skpd:
        raise AccountError("operator harus punya SKPD")
    password = password or one_time_password()
    with transaction.atomic():
        user = model.objects.create_user(username=username, password=password)
        if full_name:
            user.first_name = full_name[:150]
            user.save(update_fields=["first_name"])
        Profile.objects.create(user=user, role=role, must_change_password=True)
        for pemda, stem in skpd or []:
            Assignment.objects.create(user=user, pemda=pemda, skpd=stem)
    return NewAccount(username, password, role)


def reset_password(username: str) -> str:
    """A new one-time password; failed-login counts of the user are forgotten."""
    model = get_user_model()
    try:
        user = model.objects.get(username=username)
    except model.DoesNotExist as exc:
        raise AccountError(f"pengguna {username!r} tidak ada") from exc
    password = one_time_password()
    user.set_password(password)
    user.is_active = True
    user.save()
    Profile.objects.update_or_create(
        user=user, defaults={"must_change_password": True}, create_defaults={"role": Role.ADMIN}
    )
    AuditEvent.objects.filter(username=username, action=LOGIN_FAILED).update(
        action="masuk-gagal-lama"
    )
    return password


def ensure_first_admin() -> NewAccount | None:
    """On the first start: an admin with a one-time password (None when users exist)."""
    if get_user_model().objects.exists():
        return None
    return add_user("admin", Role.ADMIN, full_name="Admin")


def throttled(username: str, ip: str | None) -> bool:
    """Too many failed logins lately for this user name, or from this address."""
    since = timezone.now() - THROTTLE_WINDOW
    failures = AuditEvent.objects.filter(action=LOGIN_FAILED, created__gte=since)
    if failures.filter(username=username).count() >= MAX_FAILURES_PER_USER:
        return True
    return ip is not None and failures.filter(ip=ip).count() >= MAX_FAILURES_PER_IP


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, refusing to even try after too many failures."""

    error_messages: ClassVar[dict[str, Any]] = {  # type: ignore[misc]
        **AuthenticationForm.error_messages,
        "throttled": "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit "
        "atau minta admin mengatur ulang kata sandi.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if throttled(username, client_ip(self.request)):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        return super().clean()
