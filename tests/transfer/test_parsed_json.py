"""Parsed.to_json, which the upload stores for the confirm: the same data as dataclasses.asdict
(the start as ISO text) for every import fixture, and read back to the same Parsed."""

import dataclasses
from pathlib import Path

import pytest

from workouts.transfer.formats import base, detect

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "import").glob("*.*"))


def reference_json(parsed):
    data = dataclasses.asdict(parsed)
    for workout in data["workouts"]:
        workout["start"] = workout["start"].isoformat()
    return data


def readable(path):
    try:
        return detect.read_upload(path.read_bytes())
    except base.ImportError_:
        return None


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_the_stored_form_of_a_parsed_file_is_what_asdict_gives(path):
    parsed = readable(path)
    if parsed is None:
        pytest.skip("asks for units or is refused; covered elsewhere")
    assert parsed.to_json() == reference_json(parsed)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_a_parsed_file_reads_back_the_same_from_its_stored_form(path):
    parsed = readable(path)
    if parsed is None:
        pytest.skip("asks for units or is refused; covered elsewhere")
    assert base.Parsed.from_json(parsed.to_json()) == parsed


def test_the_stored_form_shares_no_list_or_dict_with_the_parsed_file():
    parsed = detect.read_upload((FIXTURES[0].parent / "montage.json").read_bytes())
    data = parsed.to_json()
    data["notices"].append("changed")
    data["workouts"][0]["blocks"][0]["sets"][0]["note"] = "changed"
    assert "changed" not in parsed.notices
    assert parsed.workouts[0].blocks[0].sets[0].note != "changed"
