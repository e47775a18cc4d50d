"""Security headers Django does not set itself, and the first-login password change."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",  # no inline script anywhere: app.js is a file
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicy:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages of a signed-in user are never kept by shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


class PasswordChangeRequired:
    """A user with a one-time password must choose their own before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        profile = getattr(user, "pkgen", None) if user.is_authenticated else None
        if profile is not None and profile.must_change_password:
            path = request.path_info
            if path not in (reverse("sandi"), reverse("keluar")) and not path.startswith(
                "/static/"
            ):
                return redirect("sandi")
        return self.get_response(request)
