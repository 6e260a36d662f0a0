"""Dates in the text, resolved against the article's publication date.

    >>> from datetime import date
    >>> [(t.text, t.day.isoformat(), t.precision) for t in find_dates(
    ...     "On Friday a drone hit the base; in December raids killed two.", published=date(2023, 1, 23))]
    [('On Friday', '2023-01-20', 1), ('in December', '2022-12-15', 2)]

Each :class:`TimeRef` carries a day and ACLED's ``time_precision``: 1 the
day is known, 2 the week or month is (the middle of the span is given), 3
the year or something vaguer. Relative words take the past: "Friday" is the
last Friday on or before publication, "December" the last December, "Jan.
21" the last January 21; nothing is ever dated after its article.

Understood: "Jan. 21", "January 21, 2023", "21 January", "2023-01-21",
weekdays ("on Friday", "Sunday night"), "yesterday", "today", "last week",
"this week", "over the past 48 hours", "in December", "last month", "this
month", "November 2018", "in 2016", "since 2016", "mid-2014", "early 2015",
"late 2019". "a month after ..." / "two weeks before ..." are offsets
(:func:`find_offsets`): the clause after them happened that much earlier or
later than the sentence's own event. Calendar arithmetic is dateutil's
``relativedelta``; the patterns are news English, which general date
parsers (dateparser, dateutil's fuzzy parser) either miss ("over the past 48
hours", "mid-2014") or read as today's date.

Linear in the length of the text: one pass per pattern, each match checked
against the expressions earlier patterns took by bisection.

:func:`leading_date` reads the full date an article header opens with
(``23 Jan 2023``, ``23/01/2023``...), strictly: day and month are never
swapped to make a date fit, and where the date ends is known, so the text
after it stays the article's.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from geo_events import vocab

__all__ = ["TimeRef", "TimeOffset", "LeadingDate", "find_dates", "find_offsets", "leading_date", "MONTHS",
           "WEEKDAYS", "DAY", "MONTH_OR_WEEK", "YEAR_OR_VAGUER", "LEADING_DATE_FORMATS"]

#: ACLED time_precision values.
DAY, MONTH_OR_WEEK, YEAR_OR_VAGUER = 1, 2, 3

MONTHS = vocab.months()
WEEKDAYS = vocab.weekdays()
_NUMBER_WORDS = vocab.number_words("span")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY_OF_MONTH = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_SPAN_NUMBER = r"(?P<count>\d+|" + "|".join(_NUMBER_WORDS) + ")"
_SPAN_UNIT = r"(?P<unit>" + "|".join(f"{unit}s?" for unit in vocab.time_units()) + ")"

#: (pattern, kind), tried in this order; an earlier match owns its characters.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind) for pattern, kind in (
        (r"\b" + _YEAR + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b", "iso"),
        (r"\b(?:on\s+)?" + _MONTH + r"\s+" + _DAY_OF_MONTH + r"(?:,?\s+" + _YEAR + r")?\b", "month_day"),
        (r"\b(?:on\s+)?(?:the\s+)?" + _DAY_OF_MONTH + r"(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b",
         "day_month"),
        (r"\b(?:in\s+|since\s+|by\s+|until\s+)?(?:(?:early|mid|late)-?\s*)?" + _MONTH + r",?\s+" + _YEAR + r"\b",
         "month_year"),
        (r"\b(?:(?:in|since|by|until|during)\s+)?(?P<part>early|mid|late)-?\s*" + _YEAR + r"\b", "part_year"),
        (r"\b(?:in|since|during|by|until|throughout)\s+" + _YEAR + r"\b", "year"),
        (r"\b(?:over|in|during|within)\s+the\s+(?:past|last)\s+" + _SPAN_NUMBER + r"\s+" + _SPAN_UNIT + r"\b",
         "past_span"),
        (r"\b(?:on\s+)?" + _WEEKDAY + r"(?:\s+(?:morning|afternoon|evening|night))?\b", "weekday"),
        (r"\b(?:yesterday|last\s+night)\b", "yesterday"),
        (r"\b(?:today|this\s+(?:morning|afternoon|evening))\b", "today"),
        (r"\b(?P<which>last|this|past|earlier\s+this|previous)\s+week\b", "week"),
        (r"\b(?P<which>last|this|earlier\s+this|previous|past)\s+month\b", "month_rel"),
        (r"\b(?P<which>last|this|earlier\s+this|previous|past)\s+year\b", "year_rel"),
        (r"\b(?:in|since|during|by|until|early|late|mid-?)\s*" + _MONTH + r"(?!\s+\d)\b", "month"),
    ))
#: "a month after", "two weeks before": the clause after it is offset from the sentence's event.
_OFFSET = re.compile(r"\b(?:just\s+|only\s+|some\s+|about\s+)?" + _SPAN_NUMBER + r"\s+" + _SPAN_UNIT
                     + r"\s+(?P<direction>after|before|later|earlier)\b", re.IGNORECASE)
_PART_MONTH = {"early": 3, "mid": 7, "late": 10}


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A date expression in the text: ``text[start:end]``, resolved to ``day``."""

    start: int
    end: int
    text: str
    day: date
    precision: int


@dataclass(frozen=True, slots=True)
class TimeOffset:
    """"a month after": what follows happened ``-delta`` (after) or ``+delta`` (before)
    from the sentence's own event; ``precision`` is that of the offset's unit."""

    start: int
    end: int
    text: str
    delta: relativedelta
    precision: int


def find_dates(text: str, *, published: date | None) -> list[TimeRef]:
    """Date expressions in ``text``, in order; none without a publication date
    for the relative ones (explicit years still resolve)."""
    taken_starts: list[int] = []  # spans of earlier patterns' dates: disjoint, in text order
    taken_ends: list[int] = []
    found: list[TimeRef] = []
    for pattern, kind in _PATTERNS:
        added = []
        for match in pattern.finditer(text):  # a pattern's own matches never overlap
            k = bisect.bisect_left(taken_starts, match.end()) - 1  # the last one starting before
            if k >= 0 and taken_ends[k] > match.start():
                continue
            try:
                resolved = _resolve(kind, match, published)
            except (OverflowError, ValueError):  # before year 1 or after 9999: no date
                resolved = None
            if resolved is None:
                continue
            day, precision = resolved
            if published is not None and day > published:
                day = published  # never after the article
            added.append(match.span())
            found.append(TimeRef(match.start(), match.end(), match.group(), day, precision))
        if added:
            taken = sorted([*zip(taken_starts, taken_ends), *added])
            taken_starts, taken_ends = [s for s, _ in taken], [e for _, e in taken]
    return sorted(found, key=lambda t: t.start)


def find_offsets(text: str) -> list[TimeOffset]:
    """"a month after", "two days before" in ``text``, in order."""
    offsets = []
    for match in _OFFSET.finditer(text):
        count = _count(match.group("count"))
        unit = _key(match.group("unit")).rstrip("s")
        # Hours count as whole days (36 hours: 2 days), as "the past 48 hours" does: a date
        # minus part of a day would be a datetime, which no date compares with.
        if count > _MAX_OFFSET_COUNT:
            continue  # "3000000 days later": no date is that far from another
        delta = relativedelta(days=-(-count // 24)) if unit == "hour" else \
            relativedelta(**{_UNIT_FIELD[unit]: count})
        if match.group("direction").lower() in ("before", "earlier"):
            delta = -delta
        offsets.append(TimeOffset(match.start(), match.end(), match.group(), delta,
                                  DAY if unit in ("hour", "day") else
                                  MONTH_OR_WEEK if unit in ("week", "month") else YEAR_OR_VAGUER))
    return offsets


_UNIT_FIELD = {unit: f"{unit}s" for unit in vocab.time_units()}  # relativedelta's argument names
#: The largest count of an offset read ("100 years later"); more is no date.
_MAX_OFFSET_COUNT = 10_000
#: Letters case-insensitive matching takes for ASCII ones ("Aprıl", "APRİL", "dayſ").
_FOLD = str.maketrans({"ı": "i", "İ": "i", "ſ": "s", "\u212a": "k"})


def _key(word: str) -> str:
    """``word`` as the (ASCII, lower-case) tables key it, whatever case-folding letter a
    case-insensitive pattern took for an ASCII one."""
    return word.translate(_FOLD).lower()


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)


def _resolve(kind: str, match: re.Match[str], published: date | None) -> tuple[date, int] | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if kind == "iso":
        return _safe_date(year, int(groups["m"]), int(groups["d"]), DAY)
    if kind in ("month_day", "day_month"):
        month, day = MONTHS[_key(groups["month"])], int(groups["day"])
        if not 1 <= day <= 31:
            return None
        if year is not None:
            return _safe_date(year, month, day, DAY)
        if published is None:
            return None
        for back in range(0, 2):  # this year's date, else last year's
            resolved = _safe_date(published.year - back, month, day, DAY)
            if resolved is not None and resolved[0] <= published:
                return resolved
        return None
    if kind == "month_year":
        return _safe_date(year, MONTHS[_key(groups["month"])], 15, MONTH_OR_WEEK)
    if kind == "part_year":
        return _safe_date(year, _PART_MONTH[_key(groups["part"])], 1, YEAR_OR_VAGUER)
    if kind == "year":
        return _safe_date(year, 7, 1, YEAR_OR_VAGUER)
    if published is None:
        return None
    if kind == "past_span":
        count = _count(groups["count"])
        unit = _key(groups["unit"]).rstrip("s")
        if unit == "hour":
            start = published - timedelta(days=-(-count // 24))
        else:
            start = published - relativedelta(**{_UNIT_FIELD[unit]: count})
        middle = start + (published - start) / 2
        days = (published - start).days
        return middle, (DAY if days <= 1 else MONTH_OR_WEEK if days <= 31 else YEAR_OR_VAGUER)
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[_key(groups["weekday"])]) % 7
        return published - timedelta(days=back), DAY
    if kind == "yesterday":
        return published - timedelta(days=1), DAY
    if kind == "today":
        return published, DAY
    which = " ".join(groups.get("which", "").lower().split())
    if kind == "week":
        back = 7 if which in ("last", "previous") else 0
        return published - timedelta(days=back + published.weekday()) + timedelta(days=3), MONTH_OR_WEEK
    if kind == "month_rel":
        first = published.replace(day=1)
        if which in ("last", "previous"):
            first -= relativedelta(months=1)
        elif which == "past":
            return published - timedelta(days=15), MONTH_OR_WEEK
        return first.replace(day=15), MONTH_OR_WEEK
    if kind == "year_rel":
        year = published.year - (1 if which in ("last", "previous") else 0)
        if which == "past":
            return published - timedelta(days=182), YEAR_OR_VAGUER
        return date(year, 7, 1), YEAR_OR_VAGUER
    if kind == "month":
        month = MONTHS[_key(groups["month"])]
        if month == 5 and groups["month"].islower():
            return None  # "in may": the verb, not the month
        year = published.year if month <= published.month else published.year - 1
        return date(year, month, 15), MONTH_OR_WEEK
    return None


def _safe_date(year: int | None, month: int, day: int, precision: int) -> tuple[date, int] | None:
    if year is None:
        return None
    try:
        return date(year, month, day), precision
    except ValueError:
        return None


# --- A full date opening a header's value ---------------------------------------------------

#: The layouts :func:`leading_date` reads, as the messages about a bad date name them.
LEADING_DATE_FORMATS = ("2023-01-23, 2023/01/23, 23 Jan 2023, 23 January 2023, January 23, 2023, "
                        "Jan 23 2023, 23/01/2023, 23.01.2023 or 23-01-2023, optionally after a weekday "
                        "and before a time")

#: Weekdays in full and in RFC 2822's three letters ("Mon, 23 Jan 2023").
_LEAD_WEEKDAYS = {**WEEKDAYS, **{name[:3]: number for name, number in WEEKDAYS.items()}}
_LEAD_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_LEAD_YEAR = r"(?P<year>\d{4,})"  # more digits are read, then refused, so none is left behind
_LEAD_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_LEAD_TIME = (r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?"  # 10:45, 10:45:00.5
              r"(?:[ \t]*[ap]\.?m\b\.?)?"  # 10:45 am, 10:45 p.m.
              r"(?:[ \t]*Z|[ \t]*[+-](?:[01]\d|2[0-3]):?[0-5]\d"  # Z, +03:00, -0500
              r"|[ \t]*(?-i:GMT|UTC|[ECMP][SD]T|BST|IST|CES?T|EES?T|MSK|AST)(?:[+-]\d{1,2}(?::?\d{2})?)?)?")
#: (layout, pattern): the date proper; numeric ones hold ``first``/``second`` (day and month in
#: the order the caller says) or ``year``/``number`` (year first: always year, month, day).
_LEAD_LAYOUTS = tuple((name, re.compile(
    r"(?:(?P<weekday>" + "|".join(sorted(_LEAD_WEEKDAYS, key=len, reverse=True)) + r")\.?,?[ \t]+)?"
    + r"(?P<date>" + pattern + r")"
    + r"(?:(?:[ \t]*[,|@][ \t]*|[ \t]+(?:at[ \t]+|-[ \t]+)?|T)(?P<time>" + _LEAD_TIME + r"))?(?!\w)",
    re.IGNORECASE)) for name, pattern in (
    ("year_first", _LEAD_YEAR + r"(?P<sep>[-/.])(?P<number>\d{1,2})(?P=sep)(?P<day>\d{1,2})"),
    ("numeric", r"(?P<first>\d{1,2})(?P<sep>[-/.])(?P<second>\d{1,2})(?P=sep)" + _LEAD_YEAR),
    ("day_month", _LEAD_DAY + r"(?:[ \t]+of)?[ \t-]+" + _LEAD_MONTH + r",?[ \t-]+" + _LEAD_YEAR),
    ("month_day", _LEAD_MONTH + r"[ \t]+" + _LEAD_DAY + r",?[ \t]+" + _LEAD_YEAR),
))


@dataclass(frozen=True, slots=True)
class LeadingDate:
    """A full date at the start of a text: ``text[:end]`` is the date (with its weekday and
    time, if any). ``day`` is ``None`` when the date is written well but is no calendar day
    (``31/02/2023``, year 0); ``note`` then says why, or that the weekday does not match."""

    end: int
    day: date | None
    note: str = ""


def leading_date(text: str, *, day_first: bool = True) -> LeadingDate | None:
    """The full date ``text`` opens with; ``None`` when it opens with none.

        >>> leading_date("Monday, 23 January 2023 10:45 GMT On Friday a drone...")
        LeadingDate(end=33, day=datetime.date(2023, 1, 23), note='')
        >>> leading_date("03/04/2023", day_first=False).day
        datetime.date(2023, 3, 4)
        >>> leading_date("13/01/2023", day_first=False)
        LeadingDate(end=10, day=None, note='13/01/2023 has no month 13 (month first)')

    Read: ``2023-01-23`` (also with ``/`` or ``.``), ``23 Jan 2023``, ``23 January 2023``,
    ``23rd of January, 2023``, ``23-Jan-2023``, ``January 23, 2023``, ``Jan. 23 2023``,
    ``23/01/2023``, ``23.01.2023``, ``23-01-2023`` (day first, or month first when
    ``day_first`` is false: an ambiguous 03/04/2023 follows it, a 13/01/2023 it cannot
    read is no date, never swapped). A weekday may come first (``Monday, 23 January 2023``,
    ``Mon, 23 Jan 2023``) and a time after (``10:45``, ``10:45 GMT``, ``10:45:00+03:00``,
    ``2023-01-23T10:45:00Z``). The year has four digits (1-9999); a 2-digit year is no
    full date. Nothing after the date is taken: a number needs a colon to be read as a time
    ("2023-01-23 1500 people": the date ends before 1500). One match per layout at the
    start of ``text``: linear in its length.
    """
    for layout, pattern in _LEAD_LAYOUTS:
        match = pattern.match(text)
        if match is None:
            continue
        written, digits = match.group("date"), match.group("year")
        if len(digits) > 4:  # refused unread: int() of thousands of digits raises
            shown = digits if len(digits) <= 12 else digits[:12] + "..."
            return LeadingDate(match.end(), None, f"{written[:40]}: year {shown} is not from 1 to 9999")
        year = int(digits)
        if layout == "numeric":
            first, second = int(match.group("first")), int(match.group("second"))
            day, month = (first, second) if day_first else (second, first)
            if month > 12:
                order = "day first" if day_first else "month first"
                return LeadingDate(match.end(), None, f"{written} has no month {month} ({order})")
        elif layout == "year_first":
            day, month = int(match.group("day")), int(match.group("number"))
        else:
            day, month = int(match.group("day")), MONTHS[_key(match.group("month"))]
        if not 1 <= year <= 9999:
            return LeadingDate(match.end(), None, f"{written}: year {year} is not from 1 to 9999")
        try:
            found = date(year, month, day)
        except ValueError as err:
            return LeadingDate(match.end(), None, f"{written} is no calendar day ({err})")
        weekday = match.group("weekday")
        if weekday and _LEAD_WEEKDAYS[_key(weekday)] != found.weekday():
            return LeadingDate(match.end(), found, f"{weekday} does not match {found.isoformat()}, "
                                                   f"a {found.strftime('%A')}")
        return LeadingDate(match.end(), found)
    return None
