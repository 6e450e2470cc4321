"""`manage.py export_history`: the same export from the shell."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import build_history

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_history", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_writes_the_json_export_to_standard_output(user, bench):
    build_history(user, bench, sessions=3, sets=2)
    out, _ = run("--username", "rocky", "--format", "json")
    document = json.loads(out)
    assert (document["format"], len(document["sessions"])) == ("montage", 3)


def test_json_is_the_default_format(user):
    out, _ = run("--username", "rocky")
    assert json.loads(out)["format"] == "montage"


def test_it_writes_the_csv_export_to_a_file(user, bench, tmp_path):
    build_history(user, bench, sessions=3, sets=2)
    target = tmp_path / "sets.csv"
    _, err = run("--username", "rocky", "--format", "csv", "--output", str(target))
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("\ufeffsession_key,")
    assert len(lines) == 1 + 6
    assert err.strip() == f"Exported rocky as CSV to {target}."


def test_the_file_keeps_crlf_line_ends(user, bench, tmp_path):
    build_history(user, bench, sessions=1, sets=1)
    target = tmp_path / "sets.csv"
    run("--username", "rocky", "--format", "csv", "--output", str(target))
    assert target.read_bytes().count(b"\r\n") == 2


def test_an_unknown_user_is_an_error(db):
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        run("--username", "nobody")


def test_an_unknown_format_is_an_error(user):
    with pytest.raises(CommandError, match="invalid choice"):
        run("--username", "rocky", "--format", "xml")


def test_an_unwritable_file_is_an_error(user, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        run("--username", "rocky", "--output", str(tmp_path / "missing" / "out.json"))
