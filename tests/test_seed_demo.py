import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from workouts.models import BodyWeight, LoggedSet, PersonalRecord, SessionSummary, WorkoutSession


@pytest.mark.django_db
def test_seed_demo_builds_a_believable_history_and_can_rerun(capsys):
    call_command("seed_demo", username="demo", years=0.25)
    output = capsys.readouterr().out
    user = User.objects.get(username="demo")
    assert "Log in as demo / " in output
    assert user.check_password("ivan-drago-1985")
    sessions = WorkoutSession.objects.filter(user=user)
    assert 40 < sessions.count() < 90  # about five a week with rest days
    assert set(sessions.values_list("style", flat=True)) >= {"natural", "high_tech"}
    assert LoggedSet.objects.filter(user=user).count() > 20 * sessions.count()
    assert PersonalRecord.objects.filter(user=user).exists()
    assert BodyWeight.objects.filter(user=user).exists()
    assert SessionSummary.objects.filter(session__user=user).count() == sessions.count()
    count = sessions.count()
    call_command("seed_demo", username="demo", years=0.25)
    assert WorkoutSession.objects.filter(user=user).count() == count
