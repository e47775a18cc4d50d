"""Login (throttled), logout and the password change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator

from generator.web import audit
from generator.web.access import signed_in
from generator.web.accounts import ThrottledLoginForm
from generator.web.models import Profile


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "pkgen/masuk.html"
    form_class = ThrottledLoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "pkgen/sandi.html"
    success_url = "/"

    def form_valid(self, form: Any) -> Any:
        response = super().form_valid(form)
        Profile.objects.filter(user=signed_in(self.request)).update(must_change_password=False)
        audit.record(self.request, "ganti-sandi")
        return response
