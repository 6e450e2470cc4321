from tests.factories import ExerciseFactory


def url(exercise):
    return f"/exercises/{exercise.pk}/"


def test_it_shows_a_built_in_exercise(auth_client, builtin_exercise):
    response = auth_client.get(url(builtin_exercise))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{builtin_exercise.name}</h1>" in html
    assert "Built-in" in html


def test_it_shows_how_to_do_it(auth_client):
    from workouts.models import Exercise

    squat = Exercise.objects.get(owner=None, slug="back-squat")
    html = auth_client.get(url(squat)).content.decode()
    assert "How to" in html
    assert "brace hard" in html


def test_it_shows_what_is_measured(auth_client, user):
    exercise = ExerciseFactory(
        owner=user,
        measures_reps=False,
        measures_load=False,
        measures_duration=True,
        measures_distance=True,
        reads_heart_rate=True,
    )
    html = auth_client.get(url(exercise)).content.decode()
    assert "duration, distance" in html
    assert "heart rate (bpm)" in html


def test_a_built_in_exercise_offers_no_edit_or_delete(auth_client, builtin_exercise):
    html = auth_client.get(url(builtin_exercise)).content.decode()
    assert f"/exercises/{builtin_exercise.pk}/edit/" not in html
    assert f"/exercises/{builtin_exercise.pk}/delete/" not in html


def test_it_shows_the_users_own_exercise_with_edit_and_delete(auth_client, user):
    exercise = ExerciseFactory(owner=user, name="Yak haul")
    html = auth_client.get(url(exercise)).content.decode()
    assert "Your exercise" in html
    assert f"/exercises/{exercise.pk}/edit/" in html
    assert f"/exercises/{exercise.pk}/delete/" in html


def test_other_users_exercise_is_404(auth_client, other_user):
    exercise = ExerciseFactory(owner=other_user, name="Drago secret serum")
    response = auth_client.get(url(exercise))
    assert response.status_code == 404
    assert "Drago secret serum" not in response.content.decode()


def test_a_missing_exercise_is_404(auth_client):
    assert auth_client.get("/exercises/999999/").status_code == 404


def test_it_rejects_post(auth_client, builtin_exercise):
    assert auth_client.post(url(builtin_exercise)).status_code == 405


# ---------- the user's history and records (issue 3) ----------


def bench_press():
    from workouts.models import Exercise

    return Exercise.objects.get(slug="bench-press")


def test_it_lists_the_users_sessions_with_the_exercise_and_their_sets(auth_client, user):
    from tests.factories import build_history

    build_history(user, bench_press(), sessions=2, sets=2)
    html = auth_client.get(url(bench_press())).content.decode()
    assert "Old workout 1" in html
    assert "Old workout 2" in html
    assert "63 kg × 5" in html  # the last session's top set: 60 + 2 - 1 + 2


def test_another_users_history_is_not_shown(auth_client, other_user):
    from tests.factories import build_history

    build_history(other_user, bench_press(), sessions=1, sets=1)
    html = auth_client.get(url(bench_press())).content.decode()
    assert "Old workout 1" not in html
    assert "You have not done this exercise yet." in html


def test_it_shows_the_current_bests_in_the_users_units(auth_client, user):
    from tests.factories import build_history
    from workouts.models import Profile

    Profile.objects.filter(user=user).update(weight_unit="lb")
    build_history(user, bench_press(), sessions=2, sets=1)  # 61 kg then 62 kg, 5 reps
    html = auth_client.get(url(bench_press())).content.decode()
    assert "Heaviest load" in html
    assert "136.7 lb" in html  # 62 kg


def test_a_record_set_carries_its_badge_in_the_history(auth_client, user):
    from tests.factories import build_history

    build_history(user, bench_press(), sessions=2, sets=1)
    html = auth_client.get(url(bench_press())).content.decode()
    assert html.count('class="badge-pr"') == 1  # the second session beat the first


def test_history_is_paginated_ten_sessions_a_page(auth_client, user):
    from tests.factories import build_history

    build_history(user, bench_press(), sessions=12, sets=1)
    first = auth_client.get(url(bench_press())).content.decode()
    second = auth_client.get(url(bench_press()) + "?page=2").content.decode()
    assert "Old workout 1<" in first.replace("</a>", "<") and "Page 1 of 2" in first
    assert "Old workout 12<" in second.replace("</a>", "<")


def test_the_page_query_count_does_not_grow_with_history(db, client, django_assert_max_num_queries):
    from tests.factories import UserFactory, build_history

    small, large = UserFactory(), UserFactory()
    build_history(small, bench_press(), sessions=1, sets=1)
    build_history(large, bench_press(), sessions=40, sets=5)
    client.force_login(small)
    with django_assert_max_num_queries(11) as small_run:
        response = client.get(url(bench_press()))
    assert response.status_code == 200
    client.force_login(large)
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        response = client.get(url(bench_press()))
    assert response.status_code == 200
