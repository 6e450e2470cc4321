import datetime as dt

import pytest

from tests.factories import BodyWeightFactory
from workouts.models import BodyWeight, Profile

URL = "/bodyweight/"
NOW = dt.datetime(2025, 3, 12, 12, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


def test_it_lists_only_my_weigh_ins(auth_client, user, other_user):
    BodyWeightFactory(user=user, date=dt.date(2025, 3, 1), weight_kg=82.5)
    BodyWeightFactory(user=other_user, date=dt.date(2025, 3, 1), weight_kg=117.0)
    html = auth_client.get(URL).content.decode()
    assert "82.5 kg" in html and "117" not in html


def test_it_adds_a_weigh_in_in_pounds(auth_client, user):
    Profile.objects.filter(user=user).update(weight_unit="lb")
    response = auth_client.post(URL, {"date": "2025-03-11", "weight": "185"})
    assert response.status_code == 302
    entry = BodyWeight.objects.get(user=user)
    assert entry.date == dt.date(2025, 3, 11)
    assert entry.weight_kg == pytest.approx(83.91, abs=0.01)


def test_saving_the_same_day_again_replaces_it(auth_client, user):
    BodyWeightFactory(user=user, date=dt.date(2025, 3, 11), weight_kg=80.0)
    auth_client.post(URL, {"date": "2025-03-11", "weight": "81.2"})
    assert list(BodyWeight.objects.filter(user=user).values_list("weight_kg", flat=True)) == [81.2]


def test_bad_input_shows_errors_beside_the_fields(auth_client, user, field_error):
    response = auth_client.post(URL, {"date": "2025-03-13", "weight": "5"})
    assert response.status_code == 422
    assert "future" in field_error(response, "date")
    assert field_error(response, "weight") == "Enter a weight between 20 and 400 kg."
    assert not BodyWeight.objects.exists()


def test_the_htmx_variant_returns_only_the_log(auth_client, user, htmx_headers):
    response = auth_client.post(URL, {"date": "2025-03-12", "weight": "80"}, headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="weight-log"')
    assert "<html" not in html and "80 kg" in html


def test_it_deletes_my_weigh_in(auth_client, user):
    entry = BodyWeightFactory(user=user, date=dt.date(2025, 3, 11))
    response = auth_client.post(f"/bodyweight/{entry.pk}/delete/")
    assert response.status_code == 302
    assert not BodyWeight.objects.exists()


def test_another_users_weigh_in_is_404(auth_client, other_user):
    entry = BodyWeightFactory(user=other_user, date=dt.date(2025, 3, 11))
    assert auth_client.post(f"/bodyweight/{entry.pk}/delete/").status_code == 404
    assert BodyWeight.objects.filter(pk=entry.pk).exists()


def test_delete_rejects_get(auth_client, user):
    entry = BodyWeightFactory(user=user, date=dt.date(2025, 3, 11))
    assert auth_client.get(f"/bodyweight/{entry.pk}/delete/").status_code == 405


def test_weigh_ins_are_listed_thirty_a_page(auth_client, user):
    import datetime as dt

    from workouts.models import BodyWeight

    BodyWeight.objects.bulk_create(
        [
            BodyWeight(user=user, date=dt.date(2025, 1, 1) + dt.timedelta(days=n), weight_kg=80)
            for n in range(35)
        ]
    )
    first = auth_client.get("/bodyweight/").content.decode()
    second = auth_client.get("/bodyweight/?page=2").content.decode()
    assert first.count('<th scope="row">') == 30 and "Page 1 of 2" in first
    assert second.count('<th scope="row">') == 5


def test_a_decimal_comma_weight_is_saved_as_typed(auth_client, user):
    auth_client.post(URL, {"date": "2025-03-11", "weight": "81,5"})
    assert user.body_weights.get().weight_kg == 81.5


def test_a_weight_that_is_not_a_number_is_refused_beside_the_field(auth_client, user, field_error):
    response = auth_client.post(URL, {"date": "2025-03-11", "weight": "8e1"})
    assert field_error(response, "weight")
    assert not user.body_weights.exists()
