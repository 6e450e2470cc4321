from django.utils import timezone

from workouts.models import Profile

URL = "/settings/"


def form(**overrides):
    data = {
        "weight_unit": "kg",
        "distance_unit": "km",
        "time_zone": "UTC",
        "week_start": "0",
        "default_rest_s": "90",
    }
    data.update(overrides)
    return data


def profile_of(user):
    return Profile.objects.get(user=user)


def test_it_shows_the_current_settings(auth_client, user):
    Profile.objects.filter(user=user).update(time_zone="Asia/Tokyo")
    response = auth_client.get(URL)
    assert response.status_code == 200
    assert 'value="Asia/Tokyo"' in response.content.decode()


def test_it_offers_iana_zones_to_pick_from(auth_client):
    html = auth_client.get(URL).content.decode()
    assert '<option value="Europe/London">' in html


def test_it_saves_pounds_and_miles(auth_client, user):
    auth_client.post(URL, form(weight_unit="lb", distance_unit="mi"))
    profile = profile_of(user)
    assert (profile.weight_unit, profile.distance_unit) == ("lb", "mi")


def test_it_saves_the_time_zone(auth_client, user):
    auth_client.post(URL, form(time_zone="America/Los_Angeles"))
    assert profile_of(user).time_zone == "America/Los_Angeles"


def test_it_trims_space_around_the_time_zone(auth_client, user):
    auth_client.post(URL, form(time_zone="  Europe/Berlin "))
    assert profile_of(user).time_zone == "Europe/Berlin"


def test_it_saves_the_first_day_of_the_week(auth_client, user):
    auth_client.post(URL, form(week_start="6"))
    assert profile_of(user).week_start == 6


def test_it_saves_the_default_rest(auth_client, user):
    auth_client.post(URL, form(default_rest_s="120"))
    assert profile_of(user).default_rest_s == 120


def test_saving_redirects_back_with_a_message(auth_client):
    response = auth_client.post(URL, form(), follow=True)
    assert response.redirect_chain == [("/settings/", 302)]
    assert "Settings saved." in response.content.decode()


def test_it_changes_only_the_users_own_profile(auth_client, other_user):
    auth_client.post(URL, form(weight_unit="lb"))
    assert profile_of(other_user).weight_unit == "kg"


def test_an_unknown_time_zone_is_rejected_beside_the_field(auth_client, field_error):
    response = auth_client.post(URL, form(time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 422
    assert "Choose a time zone from the list" in field_error(response, "time_zone")


def test_an_unknown_time_zone_saves_nothing(auth_client, user):
    auth_client.post(URL, form(weight_unit="lb", time_zone="Mars/Olympus_Mons"))
    profile = profile_of(user)
    assert (profile.weight_unit, profile.time_zone) == ("kg", "UTC")


def test_a_path_is_not_accepted_as_a_time_zone(auth_client, user):
    response = auth_client.post(URL, form(time_zone="../../etc/passwd"))
    assert response.status_code == 422
    assert profile_of(user).time_zone == "UTC"


def test_an_empty_time_zone_is_rejected(auth_client, field_error):
    response = auth_client.post(URL, form(time_zone=""))
    assert response.status_code == 422
    assert field_error(response, "time_zone")


def test_an_unknown_weight_unit_is_rejected(auth_client, user, field_error):
    response = auth_client.post(URL, form(weight_unit="stone"))
    assert response.status_code == 422
    assert "Select a valid choice" in field_error(response, "weight_unit")
    assert profile_of(user).weight_unit == "kg"


def test_an_unknown_week_start_is_rejected(auth_client, user, field_error):
    response = auth_client.post(URL, form(week_start="3"))
    assert response.status_code == 422
    assert field_error(response, "week_start")
    assert profile_of(user).week_start == 0


def test_a_negative_rest_is_rejected(auth_client, user, field_error):
    response = auth_client.post(URL, form(default_rest_s="-5"))
    assert response.status_code == 422
    assert field_error(response, "default_rest_s")


def test_a_rejected_form_keeps_what_was_typed(auth_client):
    response = auth_client.post(URL, form(time_zone="Mars/Olympus_Mons"))
    assert 'value="Mars/Olympus_Mons"' in response.content.decode()


def test_the_saved_time_zone_is_used_on_later_pages(auth_client, user):
    auth_client.post(URL, form(time_zone="Pacific/Auckland"))
    auth_client.get("/today/")
    assert timezone.get_current_timezone_name() == "Pacific/Auckland"


def test_weights_are_shown_in_the_chosen_unit(auth_client, user):
    auth_client.post(URL, form(weight_unit="lb"))
    html = auth_client.get("/plans/siberian-natural/").content.decode()
    assert " lb" in html
    assert " kg" not in html


def test_distances_are_shown_in_the_chosen_unit(auth_client, user):
    auth_client.post(URL, form(distance_unit="mi"))
    html = auth_client.get("/plans/siberian-natural/").content.decode()
    assert " mi" in html
    assert " km" not in html


def test_a_user_without_a_profile_gets_one(client, user):
    Profile.objects.filter(user=user).delete()
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert profile_of(user).weight_unit == "kg"


def test_it_saves_the_loadable_step(auth_client, user):
    auth_client.post(URL, form(load_step="1.25"))
    user.profile.refresh_from_db()
    assert user.profile.load_step == 1.25


def test_an_empty_loadable_step_means_the_default(auth_client, user):
    auth_client.post(URL, form(load_step=""))
    user.profile.refresh_from_db()
    assert user.profile.load_step is None


def test_a_loadable_step_out_of_range_is_refused_beside_the_field(auth_client, user, field_error):
    response = auth_client.post(URL, form(load_step="0"))
    assert field_error(response, "load_step") == "At least 0.1."
