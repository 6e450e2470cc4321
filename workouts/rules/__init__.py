"""Pure rules, typed and checked by mypy: no queries, no clock. records, unlocks, scheduling,
timeutils, units, and measures (the one declaration per measure and reading)."""
