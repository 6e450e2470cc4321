from django.contrib import admin
from django.urls import include, path

from workouts.views import accounts, home

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/password_change/", accounts.PasswordChangeView.as_view(),
         name="password_change"),
    path("accounts/password_reset/", accounts.PasswordResetView.as_view(),
         name="password_reset"),
    path("accounts/reset/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("workouts.urls")),
    path("admin/", admin.site.urls),
]
