"""Account writes: signing up creates the user and their Profile in one transaction; deleting
an account removes the user and everything theirs in one transaction.

The form (`workouts.forms.accounts.SignupForm`) checks the input; the view
(`workouts.views.accounts.signup`) logs the new user in.
"""

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import transaction

from workouts.logbook import actions
from workouts.models import Enrolment, Profile, WorkoutSession


@transaction.atomic
def sign_up(form) -> User:
    """Saves a valid SignupForm's user and creates their profile (time zone from the browser)."""
    user = form.save()
    Profile.objects.create(user=user, time_zone=form.cleaned_data["time_zone"])
    return user


@transaction.atomic
def save_settings(form) -> Profile:
    """Saves a valid SettingsForm. A new time zone moves every session's local date with it
    (`logbook.actions.restamp_sessions`, which holds the profile row, then the sessions)."""
    profile = form.instance
    before = (
        Profile.objects.select_for_update().filter(pk=profile.pk).values_list("time_zone").first()
        if profile.pk
        else None
    )
    form.save()
    if before is None or before[0] != profile.time_zone:
        actions.restamp_sessions(profile.user_id)
    return profile


def delete_account(user: User) -> None:
    """Deletes a user and everything theirs, in one transaction: workouts first (their entries
    and sets refer to the user's own exercises with PROTECT, which would otherwise refuse),
    then the user, whose deletion cascades to the profile, own exercises, enrolments, body
    weights, records, roll-ups and unlocks (enrolments go first: they PROTECT their plan, and the
    user's own plans go with the user); then their log-in sessions on every device and
    their django-axes log-in records, which refer to the user by id or name, not by key."""

    username = user.get_username()
    user_id = str(user.pk)
    with transaction.atomic():
        WorkoutSession.objects.filter(user=user).delete()
        # Enrolments refer to their plan with PROTECT, and the user's own plans go with the user.
        Enrolment.objects.filter(user=user).delete()
        user.delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=username).delete()
        engine = import_module(settings.SESSION_ENGINE).SessionStore
        if issubclass(engine, DatabaseSessionStore):  # Django's, or ours built on it
            theirs = [
                session.pk
                for session in Session.objects.iterator(chunk_size=500)
                if session.get_decoded().get("_auth_user_id") == user_id
            ]
            Session.objects.filter(pk__in=theirs).delete()
