"""How a PostgreSQL DATABASE_URL connects: parameters bound by the server, so psycopg prepares
the statements a worker's connection runs again and again (bench/README.md, issue 15)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django; django.setup()\n"
    "from django.db import connection\n"
    "print(connection.settings_dict['OPTIONS'].get('server_side_binding'))\n"
)


def options_with(**environ):
    """The OPTIONS a fresh process's settings give the database (nothing is connected)."""
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/probe", **environ}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "montage.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_postgresql_binds_parameters_on_the_server():
    assert options_with() == "True"


def test_server_side_binding_can_be_turned_off_for_a_transaction_pooler():
    assert options_with(MONTAGE_DB_SERVER_SIDE_BINDING="0") == "False"
