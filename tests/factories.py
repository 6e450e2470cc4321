import datetime as dt

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from workouts.models import (
    BodyWeight,
    Enrolment,
    Exercise,
    LoggedSet,
    Plan,
    PlanDay,
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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Stamped with its local date and minutes, as `actions` would store them."""
        session = model_class(*args, **kwargs)
        session.stamp(_zone_of(session.user))
        session.save()
        return session


def _zone_of(user):
    profile = Profile.objects.filter(user=user).first()
    return profile.zone if profile is not None else dt.UTC


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
    position = factory.Sequence(lambda n: n + 1)  # unique in its entry, as the database wants
    reps = 5
    load_kg = 100.0
    logged_at = factory.LazyAttribute(lambda s: s.session.started_at)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Folded into its exercise's stored bests, as `actions.log_set` would (bests do not
        depend on the order of the sets); no records or roll-ups: the caller rebuilds those."""
        from workouts.logbook.records_store import save_bests, stored_bests
        from workouts.rules import records

        logged = super()._create(model_class, *args, **kwargs)
        stored = stored_bests(logged.user_id, logged.exercise_id)
        bests = records.merge_bests(stored, logged)
        if bests != stored:
            save_bests(logged.user_id, logged.exercise_id, bests, stored=bool(stored))
        return logged


class BodyWeightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyWeight

    user = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(lambda: timezone.now().date())
    weight_kg = 80.0


# ---------- logging history (for query budgets that must not grow) ----------


def bulk_sessions(
    user, exercise, starts, *, sets=1, minutes=60, reps=5, load=None, title="Old workout", style=""
):
    """Finished sessions started at `starts`, each with one entry of `exercise` holding `sets`
    working sets, inserted in bulk (three queries, however long the history), without roll-ups
    or records: the caller rebuilds those. `title(index)` and `load(index, position)` may be
    functions of the session's index in `starts` (and the set's position, from 1)."""
    sessions = WorkoutSession.objects.bulk_create(
        [
            WorkoutSession(
                user=user,
                title=title(index) if callable(title) else title,
                style=style,
                started_at=start,
                finished_at=start + dt.timedelta(minutes=minutes),
            ).stamp(_zone_of(user))
            for index, start in enumerate(starts)
        ]
    )
    entries = SessionExercise.objects.bulk_create(
        [SessionExercise(session=session, exercise=exercise) for session in sessions]
    )
    LoggedSet.objects.bulk_create(
        [
            LoggedSet(
                entry=entry,
                session=entry.session,
                user=user,
                exercise=exercise,
                position=position,
                reps=reps,
                load_kg=load(index, position) if load else 100.0,
                logged_at=entry.session.started_at,
            )
            for index, entry in enumerate(entries)
            for position in range(1, sets + 1)
        ]
    )
    return sessions


def build_history(user, exercise, *, sessions=30, sets=5, before=None):
    """`sessions` finished workouts, one a day, ending the day before `before` (default now),
    each with one entry of `exercise` holding `sets` working sets; loads rise over time, so
    the user also has personal records pointing into the history, and roll-ups, as if every
    set had been logged through actions."""
    from workouts.dashboard.rollups import rebuild_summaries
    from workouts.logbook.records_store import rebuild_records

    before = before or timezone.now()
    days = range(sessions, 0, -1)
    bulk_sessions(
        user,
        exercise,
        [before - dt.timedelta(days=day) for day in days],
        sets=sets,
        title=lambda index: f"Old workout {days[index]}",
        load=lambda index, position: 60.0 + sessions - days[index] + position,
    )
    rebuild_records(user, exercise.pk)
    rebuild_summaries(user)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An active enrolment in Drago high-tech starting today (UTC) unless told otherwise."""

    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    plan = factory.LazyFunction(lambda: Plan.objects.get(slug="drago-high-tech"))
    start_date = factory.LazyFunction(lambda: timezone.now().date())


def plan_day(enrolment, week, day):
    return PlanDay.objects.get(plan=enrolment.plan, week=week, day=day)


def finished_plan_session(enrolment, week, day, started_at, minutes=45):
    """A finished session started from a plan day of `enrolment`."""
    return SessionFactory(
        user=enrolment.user,
        enrolment=enrolment,
        plan_day=plan_day(enrolment, week, day),
        title="Plan day",
        started_at=started_at,
        finished_at=started_at + dt.timedelta(minutes=minutes),
    )
