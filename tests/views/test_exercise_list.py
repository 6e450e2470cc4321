import pytest

from tests.factories import ExerciseFactory
from workouts.models import Exercise

URL = "/exercises/"


def names(response):
    return {exercise.name for exercise in response.context["exercises"]}


@pytest.fixture
def mine(user):
    return {
        "natural": ExerciseFactory(
            owner=user, name="Yak haul", style="natural", category="conditioning"
        ),
        "high_tech": ExerciseFactory(
            owner=user, name="Laser punch", style="high_tech", category="boxing"
        ),
        "both": ExerciseFactory(owner=user, name="Yak press", style="both", category="strength"),
    }


def test_it_lists_built_in_exercises(auth_client):
    response = auth_client.get(URL)
    assert response.status_code == 200
    assert "Back squat" in response.content.decode()
    assert len(response.context["exercises"]) == Exercise.objects.builtin().count()


def test_it_lists_the_users_own_exercises(auth_client, mine):
    html = auth_client.get(URL).content.decode()
    assert "Yak haul" in html


def test_own_exercises_are_marked_as_yours(auth_client, mine):
    html = auth_client.get(URL, {"q": "yak haul"}).content.decode()
    assert "Yours" in html


def test_another_users_exercise_is_never_listed(auth_client, other_user):
    ExerciseFactory(owner=other_user, name="Drago secret serum")
    assert "Drago secret serum" not in auth_client.get(URL).content.decode()


def test_another_users_exercise_is_not_found_by_searching_its_name(auth_client, other_user):
    ExerciseFactory(owner=other_user, name="Drago secret serum")
    response = auth_client.get(URL, {"q": "serum"})
    assert names(response) == set()
    assert "No exercises match" in response.content.decode()


def test_another_users_exercise_is_not_listed_under_only_mine(auth_client, other_user, mine):
    ExerciseFactory(owner=other_user, name="Drago secret serum")
    response = auth_client.get(URL, {"mine": "on"})
    assert names(response) == {"Yak haul", "Laser punch", "Yak press"}


def test_it_searches_by_name_ignoring_case(auth_client, mine):
    response = auth_client.get(URL, {"q": "YAK"})
    assert names(response) == {"Yak haul", "Yak press"}


def test_a_search_with_surrounding_space_still_matches(auth_client, mine):
    response = auth_client.get(URL, {"q": "  laser  "})
    assert names(response) == {"Laser punch"}


def test_filtering_by_natural_style_includes_exercises_for_both(auth_client, mine):
    response = auth_client.get(URL, {"style": "natural", "mine": "on"})
    assert names(response) == {"Yak haul", "Yak press"}


def test_filtering_by_high_tech_style_leaves_out_natural_ones(auth_client, mine):
    response = auth_client.get(URL, {"style": "high_tech"})
    styles = {exercise.style for exercise in response.context["exercises"]}
    assert styles == {"high_tech", "both"}
    assert "Laser punch" in names(response)
    assert "Yak haul" not in names(response)


def test_it_filters_by_category(auth_client, mine):
    response = auth_client.get(URL, {"category": "boxing"})
    categories = {exercise.category for exercise in response.context["exercises"]}
    assert categories == {"boxing"}
    assert "Laser punch" in names(response)


def test_filters_combine(auth_client, mine):
    response = auth_client.get(URL, {"q": "yak", "category": "strength"})
    assert names(response) == {"Yak press"}


def test_only_mine_leaves_out_built_ins(auth_client, mine):
    response = auth_client.get(URL, {"mine": "on"})
    assert all(not exercise.is_builtin for exercise in response.context["exercises"])


def test_an_unknown_style_is_ignored_but_the_search_still_applies(auth_client, mine):
    response = auth_client.get(URL, {"q": "laser", "style": "cyborg"})
    assert response.status_code == 200
    assert names(response) == {"Laser punch"}


def test_it_shows_how_many_exercises_match(auth_client, mine):
    html = auth_client.get(URL, {"q": "yak"}).content.decode()
    assert "2 exercises" in html


def test_the_filters_keep_their_values(auth_client):
    html = auth_client.get(URL, {"q": "squat", "category": "strength"}).content.decode()
    assert 'value="squat"' in html
    assert '<option value="strength" selected>' in html


def test_the_filter_form_works_without_javascript(auth_client):
    html = auth_client.get(URL).content.decode()
    assert '<form class="filters" method="get" action="/exercises/"' in html
    assert 'hx-get="/exercises/"' in html


def test_the_htmx_request_returns_only_the_results_fragment(auth_client, htmx_headers, mine):
    response = auth_client.get(URL, {"q": "yak"}, headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="exercise-results">')
    assert "<html" not in html
    assert 'class="filters"' not in html
    assert "Yak haul" in html


def test_the_htmx_fragment_is_filtered_too(auth_client, htmx_headers, mine):
    html = auth_client.get(URL, {"q": "laser"}, headers=htmx_headers).content.decode()
    assert "Laser punch" in html
    assert "Yak haul" not in html


def test_responses_vary_on_htmx(auth_client):
    assert "HX-Request" in auth_client.get(URL).headers["Vary"]


def test_it_rejects_post(auth_client):
    assert auth_client.post(URL).status_code == 405


def test_the_number_of_queries_does_not_grow_with_more_exercises(
    auth_client, user, django_assert_max_num_queries
):
    ExerciseFactory(owner=user)
    with django_assert_max_num_queries(6) as few:
        response = auth_client.get(URL)
    assert response.status_code == 200
    ExerciseFactory.create_batch(20, owner=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = auth_client.get(URL)
    assert response.status_code == 200
