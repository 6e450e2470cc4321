"""Montage's own export: everything a user has, as JSON, and every set, as CSV.

This docstring is the format's specification. Montage's importer reads exactly this; a change
that an old reader would misread needs a new ``version``. Additions (a new key) keep version 1:
readers ignore keys they do not know.

Common rules
============

- Units are SI: kilograms, metres, seconds. Heart rate in beats per minute, power in watts,
  punch force in psi, RPE on the 1-10 scale (sets may have halves: 8.5).
- Timestamps are UTC, ISO 8601 with a ``Z``: ``2026-03-01T17:05:09Z``, with microseconds only
  when they are not zero (``2026-03-01T17:05:09.250000Z``). Calendar dates are ``YYYY-MM-DD``
  (body weight and plan dates are days, not instants).
- A value that was not recorded is ``null`` (JSON) or an empty cell (CSV); every key listed
  below is always present.
- An exercise is referred to as ``{"slug": "back-squat"}`` when it is a built-in exercise (the
  catalogue slug, stable across installations) or ``{"name": "Log carry uphill"}`` when it is
  one of the user's own exercises (own names are unique per user and are listed in
  ``exercises``).
- The output is deterministic: the same data exports to the same bytes (``exported_at`` aside).
  Lists are ordered as stated below; numbers are written in Python's shortest round-trip form.

JSON (``/data/export.json``, ``manage.py export_history --format json``)
=========================================================================

UTF-8, no BOM. One object; top-level keys in this order::

    {
      "format": "montage",
      "version": 1,
      "exported_at": "2026-11-29T20:45:00Z",
      "account": {                       # informational; an importer ignores it
        "username": "rocky",
        "email": "rocky@example.com",    # "" when none
        "date_joined": "2024-01-02T09:00:00Z"
      },
      "profile": {
        "weight_unit": "kg",             # "kg" | "lb": how the user wants loads shown
        "distance_unit": "km",           # "km" | "mi"
        "time_zone": "Europe/Moscow",    # IANA name
        "week_start": 0,                 # 0 Monday, 6 Sunday, 5 Saturday (Python weekday)
        "default_rest_s": 90
      },
      "exercises": [                     # the user's own exercises, ordered by name
        {
          "name": "Log carry uphill",
          "style": "natural",            # "natural" | "high_tech" | "both"
          "category": "conditioning",    # "strength" | "conditioning" | "cardio" | "boxing"
                                         # | "mobility"
          "equipment": "log",
          "howto": "",
          "measures_reps": false,        # at least one measures_* is true
          "measures_load": true,
          "measures_duration": true,
          "measures_distance": true,
          "reads_force": false,
          "reads_power": false,
          "reads_heart_rate": false
        }
      ],
      "body_weight": [                   # ordered by date
        {"date": "2026-03-01", "weight_kg": 82.5}
      ],
      "enrolments": [                    # ordered by created_at, then id
        {
          "key": 1,                      # export-local number, 1, 2, 3... in this order
          "plan": "siberian-natural",    # built-in plan slug
          "start_date": "2026-01-05",
          "fight_date": "2026-02-15",    # or null
          "status": "active",            # "active" | "paused" | "completed" | "ended"
          "paused_on": null,             # date or null
          "created_at": "2026-01-04T18:00:00Z",
          "ended_at": null,              # timestamp or null
          "skipped_days": [              # ordered by week, day
            {"week": 1, "day": 3, "skipped_at": "2026-01-07T07:00:00Z"}
          ]
        }
      ],
      "sessions": [                      # ordered by started_at, then id
        {
          "key": 1,                      # export-local number, 1, 2, 3... in this order
          "title": "Barn strength",
          "started_at": "2026-01-05T16:00:00Z",
          "finished_at": "2026-01-05T17:10:00Z",   # or null (never finished)
          "notes": "Snow up to the knees.\\nFelt strong.",
          "rpe": 8,                      # integer 1-10 or null
          "style": "natural",            # "natural" | "high_tech" | "both" | "" (derived)
          "enrolment": 1,                # key of an enrolment above, or null
          "plan_day": {"plan": "siberian-natural", "week": 1, "day": 1},   # or null
          "entries": [                   # ordered by order, then id
            {
              "exercise": {"slug": "back-squat"},   # or {"name": "<own exercise>"}
              "order": 0,
              "plan_item": {"plan": "siberian-natural", "week": 1, "day": 1, "order": 2},
                                         # or null; "order" is the item's place in its day
              "sets": [                  # ordered by position, then id
                {
                  "position": 1,
                  "logged_at": "2026-01-05T16:12:00Z",
                  "kind": "working",     # "working" | "warmup" (more kinds may be added)
                  "is_warmup": false,    # true exactly when kind is "warmup"
                  "reps": 5,
                  "load_kg": 100.0,
                  "duration_s": null,
                  "distance_m": null,
                  "force_psi": null,
                  "power_w": null,
                  "heart_rate_bpm": null,
                  "rpe": 8.5,            # number with at most one decimal, or null
                  "note": ""
                }
              ]
            }
          ]
        }
      ],
      "quotes": [                        # unlocked quotes, ordered by unlocked_at, then number
        {
          "number": 7,                   # the quote's number in the film's list (stable)
          "rule": "first_session",       # the rule that unlocked it (informational)
          "unlocked_at": "2026-01-05T17:10:00Z",
          "session": 1                   # key of the session that earned it, or null
        }
      ]
    }

What is left out on purpose: derived data (personal records, session and entry roll-ups: an
importer recomputes them), the private calendar-feed token (a secret), the password.

Layout: the JSON is written as a stream. Each session object stands on one line of its own, so
that large files can be read line by line; the document as a whole is ordinary JSON.

CSV (``/data/export.csv``, ``manage.py export_history --format csv``)
=====================================================================

Every logged set, one row each (sessions and entries without sets have no row: the JSON has
everything). UTF-8 with a BOM (so spreadsheets read accents), comma separated, fields quoted
only when needed (RFC 4180: notes keep their commas, quotes and newlines), CRLF line ends.
Rows are ordered by session (started_at, id), entry (order, id), set (position, id).

Columns, in this order (the header row is exactly these names)::

    session_key            1, 2, 3... as in the JSON (sessions with sets only, so gaps occur)
    session_title
    session_started_at     UTC timestamp as above
    session_finished_at    UTC timestamp, or empty
    session_local_date     YYYY-MM-DD of the start in the user's time zone (for spreadsheets)
    session_notes
    session_rpe            1-10, or empty
    exercise_slug          built-in slug; empty for an own exercise
    exercise_name          the exercise's name (own exercises are matched by this name)
    own_exercise           "yes" for the user's own exercise, "no" for a built-in
    entry_order            the entry's order within its session
    set_position           the set's position within its entry
    set_logged_at          UTC timestamp
    set_kind               "working" | "warmup"
    reps
    load_kg                kilograms
    duration_s             seconds
    distance_m             metres
    force_psi
    power_w
    heart_rate_bpm
    rpe                    e.g. 8.5
    note

Every measured column names its unit; empty means not recorded. Booleans are "yes"/"no".
"""
