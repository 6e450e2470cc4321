import datetime as dt

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from workouts.models import (
    BodyWeight,
    Exercise,
    LoggedSet,
    Profile,
    SessionExercise,
    WorkoutSession,
)

PASSWORD = "snow-and-timber-85"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"boxer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            self.save()
            Profile.objects.update_or_create(user=self, defaults=kwargs)


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Custom lift {n}")
    style = "both"
    category = "strength"
    measures_reps = True
    measures_load = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkoutSession

    user = factory.SubFactory(UserFactory)
    title = "Barn strength"
    started_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionExercise

    session = factory.SubFactory(SessionFactory)
    exercise = factory.SubFactory(ExerciseFactory, owner=factory.SelfAttribute("..session.user"))


class SetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoggedSet

    entry = factory.SubFactory(EntryFactory)
    session = factory.SelfAttribute("entry.session")
    user = factory.SelfAttribute("entry.session.user")
    exercise = factory.SelfAttribute("entry.exercise")
    reps = 5
    load_kg = 100.0
    logged_at = factory.LazyAttribute(lambda s: s.session.started_at)


class BodyWeightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyWeight

    user = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(lambda: timezone.now().date())
    weight_kg = 80.0
