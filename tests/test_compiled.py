"""`workouts.compiled`: a query compiled once runs as the ORM would run it, with any ids."""

import pytest

from tests.factories import SessionFactory, UserFactory
from workouts import compiled
from workouts.models import WorkoutSession

pytestmark = pytest.mark.django_db


def titles(user_id):
    return WorkoutSession.objects.filter(user_id=user_id).order_by("title").values_list("title")


def titles_of_two(first_id, second_id):
    return (
        WorkoutSession.objects.filter(user_id__in=[second_id, first_id])
        .exclude(title="skip")
        .order_by("title")
        .values_list("user_id", "title")
    )


def test_each_call_gets_the_rows_of_its_own_ids():
    ann, bob = UserFactory(), UserFactory()
    SessionFactory(user=ann, title="Snow run")
    SessionFactory(user=bob, title="Treadmill")
    assert compiled.rows("test.titles", titles, ann.pk) == [("Snow run",)]
    assert compiled.rows("test.titles", titles, bob.pk) == [("Treadmill",)]


def test_the_rows_are_the_orms():
    ann, bob = UserFactory(), UserFactory()
    for user, title in [(ann, "b"), (bob, "a"), (ann, "skip"), (UserFactory(), "c")]:
        SessionFactory(user=user, title=title)
    assert compiled.rows("test.two", titles_of_two, ann.pk, bob.pk) == list(
        titles_of_two(ann.pk, bob.pk)
    )


def test_arguments_keep_their_places_when_ids_are_equal():
    user = UserFactory()
    SessionFactory(user=user, title="Log carry")
    assert compiled.rows("test.two-same", titles_of_two, user.pk, user.pk) == [
        (user.pk, "Log carry")
    ]


def test_a_query_that_ignores_an_argument_is_refused():
    with pytest.raises(ValueError, match="not a parameter"):
        compiled.rows("test.ignored", lambda user_id: WorkoutSession.objects.values_list("pk"), 1)
