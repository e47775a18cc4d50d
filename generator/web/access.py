"""Who may do what, decided in one place for every request.

Roles: admin (everything), verifikator (reads everything, approves or returns),
operator (only the SKPD assigned: view, upload, edit, submit, download, start a PK
Perubahan), pimpinan (reads everything). An operator asking for any page, file, preview
or history of another SKPD gets 404, as if it did not exist; a role asking for an action
it never has gets 403. Views declare their action with `@guarded(Action.…)`; nothing else
checks permissions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from generator.web.models import Role
from generator.web.workspace import PemdaRef, SkpdRef, current


class Action(StrEnum):
    VIEW = "lihat"  # dashboard, SKPD page, previews, downloads, history
    EDIT = "ubah"  # form edit, workbook upload
    SUBMIT = "ajukan"
    VERIFY = "verifikasi"  # approve or return
    REOPEN = "buka"  # unlock approved data
    PERUBAHAN = "perubahan"  # start a PK Perubahan
    BUILD = "bangun"  # rebuild a draft by hand
    BOOK_VIEW = "buku"
    BOOK_BUILD = "buat-buku"
    USERS = "pengguna"
    AUDIT = "log"


ADMIN, VERIFIKATOR, OPERATOR, PIMPINAN = Role.ADMIN, Role.VERIFIKATOR, Role.OPERATOR, Role.PIMPINAN

ALLOWED: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset({ADMIN, VERIFIKATOR, OPERATOR, PIMPINAN}),
    Action.EDIT: frozenset({ADMIN, OPERATOR}),
    Action.SUBMIT: frozenset({ADMIN, OPERATOR}),
    Action.VERIFY: frozenset({ADMIN, VERIFIKATOR}),
    Action.REOPEN: frozenset({ADMIN}),
    Action.PERUBAHAN: frozenset({ADMIN, OPERATOR}),
    Action.BUILD: frozenset({ADMIN, OPERATOR}),
    Action.BOOK_VIEW: frozenset({ADMIN, VERIFIKATOR, PIMPINAN}),
    Action.BOOK_BUILD: frozenset({ADMIN}),
    Action.USERS: frozenset({ADMIN}),
    Action.AUDIT: frozenset({ADMIN}),
}
"""The permission matrix: which roles may take each action (within their scope)."""


def signed_in(request: HttpRequest) -> Any:
    """The signed-in user (every view but login requires one: LoginRequiredMiddleware)."""
    if not request.user.is_authenticated:
        raise PermissionDenied("belum masuk")
    return request.user


def role_of(user: AbstractBaseUser | AnonymousUser) -> Role | None:
    if not user.is_authenticated or not user.is_active:
        return None
    profile = getattr(user, "pkgen", None)
    return Role(profile.role) if profile is not None else None


def assigned(user: Any) -> set[tuple[str, str]]:
    """The (pemda, skpd) an operator works on."""
    cache = getattr(user, "_pkgen_assigned", None)
    if cache is None:
        cache = set(user.assignments.values_list("pemda", "skpd"))
        user._pkgen_assigned = cache
    return cache


def sees(user: Any, skpd: SkpdRef) -> bool:
    """Whether the SKPD exists for this user at all (operators: only their own)."""
    role = role_of(user)
    if role is None:
        return False
    return role is not OPERATOR or skpd.key in assigned(user)


def sees_pemda(user: Any, pemda: PemdaRef) -> bool:
    role = role_of(user)
    if role is None:
        return False
    return role is not OPERATOR or any(p == pemda.id for p, _ in assigned(user))


def may(user: Any, action: Action, skpd: SkpdRef | None = None) -> bool:
    role = role_of(user)
    if role is None or role not in ALLOWED[action]:
        return False
    return skpd is None or sees(user, skpd)


def check(user: Any, action: Action, skpd: SkpdRef | None = None) -> None:
    """Raise 404 for an SKPD the user may not see, 403 for an action the role lacks."""
    if skpd is not None and not sees(user, skpd):
        raise Http404("SKPD tidak ditemukan")
    role = role_of(user)
    if role is None or role not in ALLOWED[action]:
        raise PermissionDenied("peran Anda tidak boleh melakukan ini")


View = Callable[..., HttpResponseBase]


def guarded(action: Action) -> Callable[[View], View]:
    """A view taking `pemda` (and `skpd`) from its URL: both resolved through the workspace
    listing (unknown → 404) and checked against the matrix before the view runs; the view
    receives the `PemdaRef` / `SkpdRef`."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            workspace = current()
            if "skpd" in kwargs:
                skpd = workspace.skpd(kwargs.pop("pemda"), kwargs.pop("skpd"))
                if skpd is None:
                    raise Http404("SKPD tidak ditemukan")
                check(request.user, action, skpd)
                return view(request, skpd, *args, **kwargs)
            if "pemda" in kwargs:
                pemda = workspace.pemda(kwargs.pop("pemda"))
                if pemda is None or not sees_pemda(request.user, pemda):
                    raise Http404("pemda tidak ditemukan")
                check(request.user, action)
                return view(request, pemda, *args, **kwargs)
            check(request.user, action)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: the role and which menu entries to show."""
    user = request.user
    role = role_of(user)
    match = getattr(request, "resolver_match", None)
    pemda_id = match.kwargs.get("pemda") if match is not None else None
    pemda = current().pemda(pemda_id) if isinstance(pemda_id, str) else None
    if pemda is None and may(user, Action.BOOK_VIEW):
        pemda = next(iter(current().pemdas()), None)
    return {
        "nav_pemda": pemda,
        "peran": role.label if role else "",
        "menu_buku": may(user, Action.BOOK_VIEW),
        "menu_pengguna": may(user, Action.USERS),
        "menu_log": may(user, Action.AUDIT),
    }
