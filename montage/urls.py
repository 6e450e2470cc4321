from django.contrib import admin
from django.urls import include, path

from montage import health
from workouts.api import api
from workouts.api import not_found as api_not_found
from workouts.views import accounts, home, pwa

urlpatterns = [
    path("", home.home, name="home"),
    # Answered by montage.health.HealthMiddleware before sessions and CSRF; named here for
    # reverse() and the URL map.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path(
        "accounts/password_change/", accounts.PasswordChangeView.as_view(), name="password_change"
    ),
    path("accounts/password_reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", api_not_found),
    path("", include("workouts.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "montage.errors.server_error"
