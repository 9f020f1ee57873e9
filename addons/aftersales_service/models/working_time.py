"""Working-time arithmetic for many deadlines at once.

`resource.calendar.plan_hours` computes the calendar's intervals again for
every call (about 10 ms each); planning the deadlines of a batch of tickets
reads each calendar's intervals once and walks them with bisect instead.

The intervals of a window of whole UTC days are kept in Odoo's ``ormcache``
(`resource.calendar._aftersales_work_intervals`): one ticket at a time, as
the form or the mail gateway creates them, would otherwise rebuild four
weeks of intervals each time. Changing a calendar, an attendance or a public
holiday through Odoo clears the cache, in every worker (see
``aftersales.cached.mixin``).
"""

from bisect import bisect_left, bisect_right
from datetime import datetime, time, timedelta
from itertools import accumulate

from pytz import utc


def _naive_utc(value):
    return value.astimezone(utc).replace(tzinfo=None)


def _work_intervals(calendar, start, end):
    """Working intervals of `calendar` between naive UTC datetimes, leaves
    (public holidays) excluded, as sorted naive UTC (start, stop) pairs."""
    intervals = calendar._work_intervals_batch(
        utc.localize(start), utc.localize(end), compute_leaves=True
    )[False]
    return [(_naive_utc(begin), _naive_utc(stop)) for begin, stop, _meta in intervals]


def cumulated_work_intervals(calendar, start, end):
    """(starts, stops, cumulated working hours at each stop) of the working
    intervals of `calendar` between the naive UTC datetimes `start` and
    `end`, as tuples (a cache entry is shared by every caller)."""
    intervals = _work_intervals(calendar, start, end)
    starts = tuple(begin for begin, _stop in intervals)
    stops = tuple(stop for _begin, stop in intervals)
    cumulated = tuple(
        accumulate((stop - begin).total_seconds() / 3600 for begin, stop in intervals)
    )
    return starts, stops, cumulated


def _cached_intervals(calendar, start, end):
    """(starts, stops, cumulated) of the working intervals of `calendar`
    between the naive UTC datetimes `start` and `end` (whole days), from
    the cache."""
    env = calendar.env
    if not isinstance(calendar.id, int):  # a calendar being edited in a form
        return cumulated_work_intervals(calendar, start, end)
    # Record rules on attendances and leaves apply outside superuser mode.
    scope = True if env.su else (env.uid, tuple(env.companies.ids))
    return calendar._aftersales_work_intervals(
        scope, env.context.get("employee_timezone"), start, end
    )


def _day_start(value):
    return datetime.combine(value.date(), time.min)


def _plan_one(starts, stops, cumulated, start, hours):
    """Deadline `hours` working hours after `start`, or None when the
    intervals do not reach far enough."""
    index = bisect_right(stops, start)
    if index >= len(starts):
        return None
    worked_before = (
        cumulated[index]
        - (stops[index] - max(start, starts[index])).total_seconds() / 3600
    )
    target = worked_before + hours
    last = bisect_left(cumulated, target - 1e-9, lo=index)
    if last >= len(starts):
        return None
    # Working time left in interval `last` after the deadline, to the second.
    remaining = round((cumulated[last] - target) * 3600)
    return stops[last] - timedelta(seconds=remaining)


def plan_working_hours(calendar, requests):
    """Return the deadline of each (start, hours) request, planned in the
    working time of `calendar` (naive UTC in and out)."""
    if not requests:
        return []
    if not calendar:
        return [start + timedelta(hours=hours) for start, hours in requests]
    first = min(start for start, _hours in requests)
    last = max(start for start, _hours in requests)
    longest = max(hours for _start, hours in requests)
    # A first window of calendar days sized on the calendar's working day
    # (weekends included, with a margin), doubled while some deadline lies
    # beyond it, capped; reading a long window for every ticket is what
    # costs. Requests beyond the cap fall back to the calendar itself.
    per_day = max(calendar.hours_per_day or 8.0, 1.0)
    days = 3 + longest / per_day * 7 / 5 * 1.2
    deadlines = [None] * len(requests)
    # Whole UTC days, so that the tickets of one day share a cache entry.
    window_start = _day_start(first)
    while True:
        days = min(days, 400)
        window_end = _day_start(last + timedelta(days=days)) + timedelta(days=1)
        starts, stops, cumulated = _cached_intervals(calendar, window_start, window_end)
        for index, (start, hours) in enumerate(requests):
            if deadlines[index] is None:
                deadlines[index] = _plan_one(starts, stops, cumulated, start, hours)
        if days >= 400 or all(deadline is not None for deadline in deadlines):
            break
        days *= 2
    for index, (start, hours) in enumerate(requests):
        if deadlines[index] is None:
            deadlines[index] = (
                calendar.plan_hours(hours, start, compute_leaves=True) or False
            )
    return deadlines


def write_planned_deadlines(by_calendar):
    """Plan deadlines in batch and write them on their records.

    ``by_calendar`` maps a ``resource.calendar`` to a list of
    ``(record, field_name, start, hours)``; each record's field receives the
    deadline ``hours`` working hours after ``start`` in that calendar (one
    calendar read per calendar, see :func:`plan_working_hours`).
    """
    for calendar, requests in by_calendar.items():
        deadlines = plan_working_hours(
            calendar, [(start, hours) for _rec, _fname, start, hours in requests]
        )
        for (record, fname, _start, _hours), deadline in zip(
            requests, deadlines, strict=True
        ):
            record[fname] = deadline
