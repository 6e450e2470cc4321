import pytest

from tests.factories import ExerciseFactory
from workouts.models import Exercise

URL = "/exercises/new/"


def form(**overrides):
    data = {
        "name": "Yak haul",
        "style": "natural",
        "category": "conditioning",
        "equipment": "rope, yak",
        "howto": "Pull the yak uphill.",
        "measures": ["reps", "load"],
        "readings": [],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_anonymous_cannot_create(client):
    client.post(URL, form())
    assert not Exercise.objects.filter(name="Yak haul").exists()


def test_it_shows_an_empty_form_with_reps_and_load_ticked(auth_client):
    response = auth_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="name"' in html
    assert 'value="reps" id="id_measures_0" checked' in html
    assert 'value="load" id="id_measures_1" checked' in html


def test_the_checkbox_groups_are_fieldsets_with_a_legend_and_help_below(auth_client):
    html = " ".join(auth_client.get(URL).content.decode().split())
    for name, legend in (("measures", "Measures"), ("readings", "Readings")):
        start = html.index(
            f'<div class="field"> <fieldset aria-describedby="id_{name}_helptext">'
            f"<legend>{legend}</legend>"
        )
        assert html.index(f'id="id_{name}_helptext"') > start
    assert "field-check" not in html


def test_it_creates_the_exercise_for_the_user(auth_client, user):
    auth_client.post(URL, form())
    exercise = Exercise.objects.get(name="Yak haul")
    assert exercise.owner == user
    assert (exercise.style, exercise.category) == ("natural", "conditioning")
    assert exercise.equipment == "rope, yak"
    assert exercise.howto == "Pull the yak uphill."


def test_it_stores_what_is_measured(auth_client):
    auth_client.post(URL, form(measures=["duration", "distance"], readings=["heart_rate"]))
    exercise = Exercise.objects.get(name="Yak haul")
    assert exercise.measure_names == ["duration", "distance"]
    assert exercise.reading_names == ["heart_rate"]


def test_it_redirects_to_the_new_exercise_with_a_message(auth_client):
    response = auth_client.post(URL, form(), follow=True)
    exercise = Exercise.objects.get(name="Yak haul")
    assert response.redirect_chain == [(f"/exercises/{exercise.pk}/", 302)]
    assert "added to your exercises" in response.content.decode()


def test_it_tidies_spaces_in_the_name(auth_client):
    auth_client.post(URL, form(name="  Yak    haul "))
    assert Exercise.objects.filter(name="Yak haul").exists()


def test_the_owner_cannot_be_forged(auth_client, user, other_user):
    auth_client.post(URL, form(owner=other_user.pk))
    assert Exercise.objects.get(name="Yak haul").owner == user


def test_a_missing_name_is_rejected_beside_the_field(auth_client, user, field_error):
    response = auth_client.post(URL, form(name=""))
    assert response.status_code == 422
    assert "This field is required" in field_error(response, "name")
    assert not Exercise.objects.filter(owner=user).exists()


def test_a_blank_name_is_rejected(auth_client, user, field_error):
    response = auth_client.post(URL, form(name="    "))
    assert response.status_code == 422
    assert field_error(response, "name")
    assert not Exercise.objects.filter(owner=user).exists()


def test_a_too_long_name_is_rejected(auth_client, user, field_error):
    response = auth_client.post(URL, form(name="x" * 81))
    assert response.status_code == 422
    assert "at most 80 characters" in field_error(response, "name")
    assert not Exercise.objects.filter(owner=user).exists()


def test_an_exercise_must_measure_something(auth_client, user, field_error):
    response = auth_client.post(URL, form(measures=[]))
    assert response.status_code == 422
    assert "This field is required" in field_error(response, "measures")
    assert not Exercise.objects.filter(owner=user).exists()


def test_an_unknown_style_is_rejected(auth_client, user, field_error):
    response = auth_client.post(URL, form(style="cyborg"))
    assert response.status_code == 422
    assert "Select a valid choice" in field_error(response, "style")
    assert not Exercise.objects.filter(owner=user).exists()


def test_an_unknown_category_is_rejected(auth_client, user, field_error):
    response = auth_client.post(URL, form(category="napping"))
    assert response.status_code == 422
    assert field_error(response, "category")


def test_an_unknown_measure_is_rejected(auth_client, user, field_error):
    response = auth_client.post(URL, form(measures=["vibes"]))
    assert response.status_code == 422
    assert field_error(response, "measures")


def test_a_duplicate_of_the_users_own_name_is_rejected(auth_client, user, field_error):
    ExerciseFactory(owner=user, name="Yak haul")
    response = auth_client.post(URL, form(name="yak HAUL"))
    assert response.status_code == 422
    assert "already have an exercise with this name" in field_error(response, "name")
    assert Exercise.objects.filter(owner=user).count() == 1


def test_a_built_in_name_is_rejected(auth_client, user, builtin_exercise, field_error):
    response = auth_client.post(URL, form(name=builtin_exercise.name.upper()))
    assert response.status_code == 422
    assert "built-in exercise" in field_error(response, "name")
    assert not Exercise.objects.filter(owner=user).exists()


def test_another_users_name_can_be_reused(auth_client, user, other_user):
    ExerciseFactory(owner=other_user, name="Yak haul")
    auth_client.post(URL, form())
    assert Exercise.objects.filter(owner=user, name="Yak haul").exists()


def test_a_rejected_form_keeps_what_was_typed(auth_client):
    response = auth_client.post(URL, form(measures=[]))
    assert 'value="Yak haul"' in response.content.decode()
