"""A plan laid out on the user's calendar. Pure: plain dates in, plain values out; no queries, no
clock. Callers pass the user's local `today` (from `timeutils`) and the local dates sessions
were done on.

Dates are calendar dates, never datetimes, so a daylight-saving change can neither shift nor drop
a day: plan day at offset n falls on `start + n days`.

Rules
-----
- A plan day's date is the enrolment's start date plus the day's offset (week 1 day 1 = offset 0).
- From a fight date the plan is scheduled backwards: its last day (offset weeks*7 - 1) falls on
  the day before the fight, so the start is `fight - weeks*7 days`.
- Pause and resume. A paused enrolment keeps `paused_on`. While it is paused, every date is shown
  as if the user resumed today (`effective_start`), so nothing turns "missed" during a pause and
  the remainder visibly slides along. Resuming makes that permanent: the start date moves forward
  by the paused days (`resumed_start`). Days before the pause land on dates that are still before
  the resume day, so what was missed stays missed and what was done stays done; every day from
  the pause on moves by exactly the paused days. The fight date never moves: a pause eats into the
  taper, and `runs_past_fight` says so. Only `paused_on` is stored, so after resuming the plan
  keeps no record of earlier pauses; a day done late before a pause may then read as on time.
- Restart: a fresh enrolment of the same plan starting today (the old one is ended and kept).
- Switching plans: the current enrolment is ended and kept in history; the new one starts from its
  own start date and counts only its own sessions.

States of a plan day, first match wins
--------------------------------------
done       a session started from the day (or linked to it) is finished, on or before its date
done_late  ... finished after its date
skipped    the user chose to skip it
missed     its date is before today
today      its date is today
upcoming   its date is after today
"""

import datetime as dt
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

DONE = "done"
DONE_LATE = "done_late"
SKIPPED = "skipped"
MISSED = "missed"
TODAY = "today"
UPCOMING = "upcoming"

LABELS = {
    DONE: "Done",
    DONE_LATE: "Done late",
    SKIPPED: "Skipped",
    MISSED: "Missed",
    TODAY: "Today",
    UPCOMING: "Upcoming",
}
FINISHED_STATES = (DONE, DONE_LATE)
OPEN_STATES = (MISSED, TODAY)  # the user can still do these now


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def day_date(start: dt.date, offset: int) -> dt.date:
    """The calendar date of the plan day `offset` days after the start."""
    return start + days(offset)


def end_date(start: dt.date, weeks: int) -> dt.date:
    """The plan's last calendar day."""
    return start + days(weeks * 7 - 1)


def start_for_fight(fight_date: dt.date, weeks: int) -> dt.date:
    """The start date that puts the plan's last day on the day before the fight."""
    return fight_date - days(weeks * 7)


def effective_start(start: dt.date, today: dt.date, paused_on: dt.date | None = None) -> dt.date:
    """The start date as it stands today: a running pause slides the plan by the days paused."""
    if paused_on is None or today <= paused_on:
        return start
    return start + (today - paused_on)


def resumed_start(start: dt.date, paused_on: dt.date | None, today: dt.date) -> dt.date:
    """The start date to save when a paused plan resumes today."""
    return effective_start(start, today, paused_on)


def runs_past_fight(start: dt.date, weeks: int, fight_date: dt.date | None) -> bool:
    return fight_date is not None and end_date(start, weeks) >= fight_date


def state(
    scheduled: dt.date, today: dt.date, done_on: dt.date | None = None, skipped: bool = False
) -> str:
    """One plan day's state (see the module docstring)."""
    if done_on is not None:
        return DONE if done_on <= scheduled else DONE_LATE
    if skipped:
        return SKIPPED
    if scheduled < today:
        return MISSED
    return TODAY if scheduled == today else UPCOMING


@dataclass(frozen=True)
class DayPlan:
    """One plan day on the calendar. `key` is the caller's id for it (a PlanDay pk)."""

    key: object
    offset: int
    date: dt.date
    state: str
    done_on: dt.date | None = None

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def lay_out(
    offsets: Mapping[Hashable, int],
    start: dt.date,
    today: dt.date,
    done_on: Mapping[Hashable, dt.date] | None = None,
    skipped: Collection[Hashable] = (),
    paused_on: dt.date | None = None,
) -> list[DayPlan]:
    """Every plan day dated and given its state, in plan order.

    `offsets` maps key -> offset; `done_on` maps key -> the local date it was done (the earliest
    finished session); `skipped` is a set of keys; `paused_on` is set while paused.
    """
    done_on = done_on or {}
    start = effective_start(start, today, paused_on)
    laid = [
        DayPlan(
            key,
            offset,
            day_date(start, offset),
            state(day_date(start, offset), today, done_on.get(key), key in skipped),
            done_on.get(key),
        )
        for key, offset in offsets.items()
    ]
    return sorted(laid, key=lambda day: day.offset)


@dataclass(frozen=True)
class Progress:
    week: int | None  # 1..weeks once started, None before the start date
    weeks: int
    done: int  # days done, on time or late
    total: int
    on_time: int
    due: int  # days dated before today, plus any already done on time (early counts)
    starts_in: int  # days until the start date, 0 once started
    day: int = 0  # the plan day today is, 1..weeks*7 once started (paused: the day it paused on)

    @property
    def length_days(self) -> int:
        return self.weeks * 7

    @property
    def adherence(self) -> float | None:
        """Done on time ÷ days due so far, 0..1; None before anything is due."""
        return None if not self.due else self.on_time / self.due

    @property
    def adherence_percent(self) -> int | None:
        adherence = self.adherence
        return None if adherence is None else round(adherence * 100)


def progress(
    laid: Sequence[DayPlan],
    start: dt.date,
    weeks: int,
    today: dt.date,
    paused_on: dt.date | None = None,
) -> Progress:
    """Where the user stands in the plan `laid` out by `lay_out` with the same arguments."""
    start = effective_start(start, today, paused_on)
    elapsed = (today - start).days
    week = None if elapsed < 0 else min(elapsed // 7 + 1, weeks)
    on_time = sum(1 for day in laid if day.state == DONE)
    due = sum(1 for day in laid if day.date < today or day.state == DONE)
    return Progress(
        week=week,
        weeks=weeks,
        done=sum(1 for day in laid if day.is_finished),
        total=len(laid),
        on_time=on_time,
        due=due,
        starts_in=max(0, -elapsed),
        day=min(max(elapsed + 1, 0), weeks * 7),
    )


def next_training_day(laid: Sequence[DayPlan], today: dt.date) -> DayPlan | None:
    """The first plan day after today that is not finished, or None."""
    return next((day for day in laid if day.date > today and not day.is_finished), None)


def missed(laid: Sequence[DayPlan]) -> list[DayPlan]:
    return [day for day in laid if day.state == MISSED]


def upcoming(laid: Sequence[DayPlan], today: dt.date) -> list[DayPlan]:
    """Plan days from today on that are still to do (for the calendar feed)."""
    return [day for day in laid if day.date >= today and day.state in (TODAY, UPCOMING)]


def countdown(fight_date: dt.date | None, today: dt.date) -> int | None:
    """Days to fight night; 0 on the day; None without a fight date or once it has passed."""
    if fight_date is None or fight_date < today:
        return None
    return (fight_date - today).days
