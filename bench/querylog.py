"""What the benches share once Django is set up: `QueryLog`, every SQL statement a block runs."""

import time

from django.db import connection


class QueryLog(list):
    """Every SQL statement run inside the block (survives connections closing per request)."""

    @property
    def queries(self):
        """Statements other than SQLite's BEGIN (PostgreSQL's driver sends that implicitly)."""
        return [sql for sql in self if "BEGIN" not in sql]

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self._record)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def _record(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.append(f"{(time.perf_counter() - start) * 1000:6.2f} ms  {sql}")
