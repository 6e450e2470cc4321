"""Account writes: signing up creates the user and their Profile in one transaction.

The form (`workouts.forms.accounts.SignupForm`) checks the input; the view
(`workouts.views.accounts.signup`) logs the new user in.
"""

from django.contrib.auth.models import User
from django.db import transaction

from workouts.models import Profile


@transaction.atomic
def sign_up(form) -> User:
    """Saves a valid SignupForm's user and creates their profile (time zone from the browser)."""
    user = form.save()
    Profile.objects.create(user=user, time_zone=form.cleaned_data["time_zone"])
    return user
