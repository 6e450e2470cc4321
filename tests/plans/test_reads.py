"""The plan pages' layout read (`plans.reads.days_with_items`): what the ORM would load."""

from django.forms.models import model_to_dict

from tests.factories import ExerciseFactory
from tests.plans.helpers import bench, linear_plan
from workouts.models import PlanDay, PlanItem
from workouts.plans import reads


def orm_layout(plan):
    days = list(PlanDay.objects.filter(plan=plan).order_by("week", "day"))
    return [
        (model_to_dict(day), [model_to_dict(item) for item in day.items.order_by("order")])
        for day in days
    ]


def read_layout(plan):
    return [
        (model_to_dict(day), [model_to_dict(item) for item in day.item_list])
        for day in reads.days_with_items(plan)
    ]


def test_the_days_and_items_are_the_ones_the_orm_loads(user):
    plan = linear_plan(user, weeks=3, load_percent=72.5, deload_week=3, reps_max=8)
    PlanDay.objects.create(plan=plan, week=1, day=4, title="Rest", rest_day=True, note="Walk")
    day = PlanDay.objects.get(plan=plan, week=2, day=1)
    PlanItem.objects.create(day=day, key="log", order=0, exercise=ExerciseFactory(owner=user))
    assert read_layout(plan) == orm_layout(plan)


def test_a_rest_day_reads_as_a_boolean(user):
    plan = linear_plan(user, weeks=1)
    PlanDay.objects.create(plan=plan, week=1, day=2, title="Rest", rest_day=True)
    days = reads.days_with_items(plan)
    assert [day.rest_day for day in days] == [False, True]
    assert days[1].item_list == []


def test_a_retired_item_is_left_out(user):
    plan = linear_plan(user, weeks=1)
    PlanItem._base_manager.filter(day__plan=plan).update(current=False)
    assert reads.days_with_items(plan)[0].item_list == []


def test_each_item_knows_its_day_and_exercise_without_a_query(user, django_assert_num_queries):
    plan = linear_plan(user, weeks=3)
    with django_assert_num_queries(2):
        days = reads.days_with_items(plan)
        seen = [(item.day.week, item.exercise.name) for day in days for item in day.item_list]
    assert seen == [(1, bench().name), (2, bench().name), (3, bench().name)]


def test_items_come_in_their_order_within_the_day(user):
    plan = linear_plan(user, weeks=1)
    day = PlanDay.objects.get(plan=plan)
    first = PlanItem.objects.create(day=day, key="a", order=0, exercise=ExerciseFactory())
    PlanItem.objects.filter(day=day, key="bench-press").update(order=5)
    assert [item.key for item in reads.days_with_items(plan)[0].item_list] == [
        first.key,
        "bench-press",
    ]
