from django.contrib.auth import views as auth_views
from django.urls import include, path

from workouts.views import accounts, home

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("workouts.urls")),
]
