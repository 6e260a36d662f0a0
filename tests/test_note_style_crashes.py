"""ACLED-style event notes never crash event extraction (the crash hunt of the 404-note run).

A user ran ACLED-style notes ("On 8 May 2020, regime forces shelled Kansafra in Idleb
countryside, killing 2 civilians.", some with ACLED's own label left in: "Arrests: On 3 May
2020, ...") each as a dated article through ``python -m geo_events extract --events``, and
some became "internal error ...; skipped, please report it" problems. Those notes are not
here: the crashes below were found by generating notes (hand-written ones, the notes of
``benchmarks/data/event_notes`` with and without their sub-event label, and ~150,000 composed
or mutated ones). With ordinary dates and counts none crashed; every crash below needs a
huge count, a publication date at an end of the calendar, or a case-folding letter. Here:

- **the crashes found**, each minimised to the shortest note that raised, as explicit
  cases; each recorded with the exception it raised and its cause. All are fixed (an
  offset past the calendar leaves the event undated, a relative date that would fall
  before year 1 is no date, a count of over 10,000 units is no offset, case-folding
  letters are keyed as the ASCII ones, a year of more than four digits is refused
  unread). Four causes, all in date handling:

  1. ``events/extract.py`` ``_sentence_events``: a clause opened by an offset ("3000 years
     later", "1 day earlier") is dated ``previous_day - offset.delta`` with no bound, so a
     big count, or a one-day offset from a publication date of 0001-01-01 / 9999-12-31,
     leaves ``date``'s range (relativedelta raises ValueError / OverflowError);
  2. ``text/dates.py`` ``_resolve``, "past_span": ``published - relativedelta(<count>)``
     unbounded the same way ("over the past 999999 weeks");
  3. ``text/dates.py`` ``_resolve``: the relative expressions ("yesterday", "Sunday",
     "last week", "last month", "last year", "in May") step back from the publication
     date without a guard: a date of 0001-01-01 gives year 0 (ValueError) or an underflow
     (OverflowError);
  4. ``text/dates.py``: the date patterns are compiled with ``re.IGNORECASE``, under which
     Python also matches "ı" (dotless i) and "İ" to "i", and "ſ" (long s) to "s"; the
     matched word is then looked up lower-cased in the plain-ASCII tables (``MONTHS``,
     ``WEEKDAYS``, ``_PART_MONTH``, ``_UNIT_FIELD``): "Aprıl", "Frıday", "APRİL", "mıd-2019",
     "dayſ" raise KeyError. The date line of the note's file (``leading_date``, the reading
     stage) has the same folding fault, and ``int()`` of a year of over 4,300 digits.

- **a property test**: notes composed from the pieces notes are made of (ACLED labels,
  actors, verbs, places with "al-"/"ez-", dates, counts, "2 km west of X", "between X and
  Y", "(coded to X)", "[size=no report]", "N.B.", "(1) ... (2) ...", unicode dashes and
  quotes, lower-case starts) never raise; and the command line on a folder of notes
  reports no internal error.

Published dates in the property test stay within 2015-2024 and counts within what notes
write: the out-of-range cases are the explicit ones above.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO

import geo_events as ge
from geo_events.models import Article


def note_article(body: str, published: date | None, *, source: str = "note.txt") -> Article:
    """``body`` as the user's files hold it: a ``date`` line, then the note."""
    raw = f"date {published.isoformat()}\n{body}" if published else body
    article = ge.parse_article(raw, source=source)
    # Checked here so that a change in reading shows as a failure, never as the expected crash.
    assert article.published == published and article.text == body.strip(), (article.published, article.text)
    return article


# --- The crashes found, minimised -------------------------------------------------------------

_OFFSET = ("events/extract.py _sentence_events: 'day = previous_day[0] - clause.offset.delta' "
           "is not bounded; relativedelta leaves date's range")
_PAST_SPAN = ("text/dates.py _resolve (past_span): 'published - relativedelta(<unit>=count)' "
              "is not bounded")
_RELATIVE = ("text/dates.py _resolve: a relative date steps back from a publication date of "
             "0001-01-01 (year 0 / date underflow)")
_FOLDING = ("text/dates.py: IGNORECASE matches 'ı', 'İ' (i) and 'ſ' (s); the lower-cased word "
            "is then no key of MONTHS / WEEKDAYS / _PART_MONTH / _UNIT_FIELD")

D2020 = date(2020, 5, 8)
FIRST_DAY, LAST_DAY = date(1, 1, 1), date(9999, 12, 31)

#: (id, minimal note, publication date, exception, what raises). Each note is the shortest found
#: (ddmin over words then characters) that raises the same exception at the same line.
CRASHES = [
    # 1. offsets ("n": any clause before the offset, so that it has a day to count from)
    ("offset-3000-years-later", "n 3000 year later", D2020, ValueError, _OFFSET),
    ("offset-3000-years-later-in-a-note", "On 8 May 2020, clashes in Hajin; 3000 years later, more clashes.",
     D2020, ValueError, _OFFSET),
    ("offset-3000000-days-later", "n 3000000 day later", D2020, OverflowError, _OFFSET),
    ("offset-999999-weeks-earlier", "n 999999 week earlier", D2020, OverflowError, _OFFSET),
    ("offset-1-day-from-0001-01-01", "n 1 day later", FIRST_DAY, OverflowError, _OFFSET),
    ("offset-1-day-from-9999-12-31", "n 1 day earlier", LAST_DAY, OverflowError, _OFFSET),
    # 2. "over the past N units"
    ("past-999999-weeks", "over the past 999999 week", D2020, OverflowError, _PAST_SPAN),
    ("past-2-days-from-0001-01-01", "over the past 2 days", FIRST_DAY, OverflowError, _PAST_SPAN),
    # 3. relative dates against 0001-01-01
    ("yesterday-from-0001-01-01", "yesterday", FIRST_DAY, OverflowError, _RELATIVE),
    ("weekday-from-0001-01-01", "Sunday", FIRST_DAY, OverflowError, _RELATIVE),
    ("last-week-from-0001-01-01", "last week", FIRST_DAY, OverflowError, _RELATIVE),
    ("last-month-from-0001-01-01", "last month", FIRST_DAY, ValueError, _RELATIVE),
    ("last-year-from-0001-01-01", "last year", FIRST_DAY, ValueError, _RELATIVE),
    ("month-from-0001-01-01", "in May", FIRST_DAY, ValueError, _RELATIVE),
    # 4. case folding
    ("day-month-dotless-i", "3 Aprıl", D2020, KeyError, _FOLDING),
    ("month-year-dotless-i", "Aprıl 2020", D2020, KeyError, _FOLDING),
    ("part-year-dotless-i", "mıd-2019", D2020, KeyError, _FOLDING),
    ("weekday-dotless-i", "Frıday", D2020, KeyError, _FOLDING),
    ("month-dotted-capital-i", "in APRİL", D2020, KeyError, _FOLDING),
    ("offset-unit-long-s", "3 dayſ later", D2020, KeyError, _FOLDING),
    ("past-span-unit-long-s", "over the past 3 dayſ", D2020, KeyError, _FOLDING),
]


@pytest.mark.parametrize(("body", "published"), [
    pytest.param(body, published, id=name) for name, body, published, _error, _cause in CRASHES])
def test_minimised_note_does_not_crash_event_extraction(geoparser: ge.Geoparser, body: str,
                                                        published: date) -> None:
    geoparser.events([note_article(body, published)])


_LEADING_FOLDING = ("text/dates.py leading_date: the same IGNORECASE folding; the matched month or "
                    "weekday, lower-cased, is no key of MONTHS / _LEAD_WEEKDAYS")
_LEADING_DIGITS = ("text/dates.py leading_date: int() of a year of more than 4,300 digits (_LEAD_YEAR is "
                   r"'\d{4,}') raises ValueError before the range check")


@pytest.mark.parametrize("raw", [
    pytest.param("date 3 Aprıl 2020\nRaids.", id="month-dotless-i"),
    pytest.param("date 3 APRİL 2020\nRaids.", id="month-dotted-capital-i"),
    pytest.param("date Frı, 3 Apr 2020\nRaids.", id="weekday-dotless-i"),
    pytest.param("date 3 May " + "2" * 4301 + "\nRaids.", id="year-of-4301-digits"),
])
def test_a_note_files_date_line_does_not_crash_reading(raw: str) -> None:
    """The date line of the note's file: :func:`parse_article` "never raises for a missing or
    bad date" (in the command line a crash here is an internal error of reading the file)."""
    assert ge.parse_article(raw, source="note.txt").text == "Raids."


# --- Notes composed from their pieces ---------------------------------------------------------

LABELS = ["", "", "", "Arrests: ", "Shelling: ", "Attack: ", "Looting: ", "Protest: ", "Armed clash: ",
          "Air/drone strike: ", "Remote explosive/landmine/IED: ", "Abduction/forced disappearance: ",
          "Looting/property destruction: ", "Peaceful protest: ", "Protest with intervention: ",
          "Violent demonstration: ", "Mob violence: ", "Government regains territory: ",
          "Non-state actor overtakes territory: ", "Disrupted weapons use: ", "Agreement: ",
          "Headquarters or base established: ", "Change to group/activity: ", "Other: ", "arrests: ",
          "ARRESTS: ", "Arrests:", "Arrests - ", "N.B. ", "(1) ", "[size=no report] "]
DATES = ["On 8 May 2020", "on 3 May 2020", "On the night of 7-8 May 2020", "on the night of 7-8 May",
         "Between 1 and 3 May 2020", "Between 30 April and 2 May 2020", "Around 8 May 2020 (week of)",
         "On or around 8 May 2020", "As reported on 10 May 2020", "On 8 May 2020 (as reported)",
         "In early May 2020", "In May 2020", "On May 8, 2020", "On 8th May 2020", "On 2020-05-08",
         "On 31 December 2019", "On 1 January 2021", "On Friday", "Yesterday", "Last week",
         "Over the past 48 hours", "On 7 and 8 May 2020", "In mid-2019", ""]
ACTORS = ["regime forces", "Syrian regime forces", "the SAA", "Russian warplanes", "Turkish forces", "the SDF",
          "ISIS", "ISIS militants", "HTS", "Hay'at Tahrir al-Sham (HTS)", "unidentified gunmen", "unknown gunmen",
          "Houthi forces", "the Houthis", "AQAP", "pro-Hadi forces", "STC forces", "LNA forces", "GNA forces",
          "Wagner", "Boko Haram", "ISWAP", "bandits", "Fulani militia", "the Taliban", "ANSF", "IS-K",
          "the PMF", "Iraqi security forces", "US forces", "the US-led coalition", "Israeli warplanes",
          "protesters", "rioters", "civilians", "a mob", "police", "the Nigerian Army", "Afghan Air Force",
          "Iranian-linked militias", "Kataib Hezbollah", "the Hamza Brigade", "Sultan Murad Division", "PKK",
          "al-Shabaab", "Military Forces of Syria (2000-)", "Unidentified Armed Group (Syria)", "they",
          "2 SDF members", "a civilian", "teachers", "the army"]
VERBS = ["shelled", "attacked", "killed", "arrested", "abducted", "kidnapped", "struck", "bombed", "raided",
         "looted", "burned houses in", "protested in", "clashed with", "ambushed", "targeted", "captured",
         "seized", "took control of", "recaptured", "detained", "fired rockets at", "shot", "assassinated",
         "executed", "stormed", "rioted in", "exchanged fire with", "carried out an airstrike on",
         "detonated an IED in", "planted a landmine near", "defused an IED in", "handed over", "withdrew from",
         "set up a checkpoint in", "established a base in", "were arrested in", "was killed in",
         "were shot dead by", "agreed a ceasefire in", "dispersed protesters in"]
PLACES = ["Kansafra", "Idleb", "Idlib", "Hajin", "Afrin", "Al-Bara", "Jabal al-Zawiya", "Tafas", "Daraa",
          "Maarrat an-Nu'man", "Ma’arrat al‑Nu’man", "Deir ez-Zor", "Deir Ez-Zor", "Ras al-Ayn", "Tal Abyad",
          "Kafr Nabl", "Salah ad-Din", "Diyala", "Marib", "al-Bayda", "Tripoli", "Abu Salim", "Tarhuna",
          "Borno", "Zamfara", "Helmand", "Kabul", "Kirkuk", "Latakia", "Sarmada", "Albu Kamal", "Ain Issa",
          "as-Sukhnah", "ez-Zor", "Hasakah", "Raqqa", "Suwayda", "Baghdad", "Nasiriyah", "Erbil", "Taizz",
          "Zinjibar", "Sanaa", "Aden", "Benghazi", "Sirte", "Maiduguri", "Kano", "Kandahar", "Mosul", "Sinjar",
          "Qamishli", "al-Hol camp", "Baghuz", "Al-Tanf", "Thiban town", "the village of Kansafra", "Syria",
          "Iraq", "Yemen", "Libya", "Nigeria", "Afghanistan", "the M4 highway", "Halkalı", "İdlib"]
WHERE = ["in {p}", "near {p}", "in {p} ({q})", "in {p}, {q}", "2 km west of {p}", "between {p} and {q}",
         "in the area between {p} and {q}", "in {p} (coded to {q})", "in {p} [{q}]", "in the vicinity of {p}",
         "in {p} countryside", "on the outskirts of {p}", "in {p}'s {q} district", "at {p} checkpoint",
         "along the {p}-{q} road", "along the {p}–{q} highway", "in {p}, {q} and {r}", "in northern {p}",
         "on the {p} front", "in “{p}”", "in '{p}'", "in {p}/{q}", "in {p} — {q}", "{p}"]
COUNTS = ["", "", ", killing 2 civilians", ", killing 1", ", injuring 3", ", killing 2 and injuring 5",
          ". 2 civilians were killed", ". No casualties reported", ". Fatalities unknown", "; 3 killed",
          ", killing at least 12 fighters", ", killing dozens", ", arresting 4", " (2 killed)",
          ", killing 1,000", ", killing two", ". A civilian was injured during the assault",
          ". [size=no report]", " [size=12]", ". 3 days later, 2 more died", ", a month after the last attack",
          ", which ISIS claimed", ", who were arrested", ", as protests spread", " while protesters gathered",
          ", after clashes", "; 2 days earlier, clashes killed 3", ", two weeks before the truce",
          ". N.B. coded to {q}", ". Fatalities coded as 0", " - the SOHR reported"]
ENDS = [".", ".", ".", "", ";", ":", "...", "…", " .", "!", "\n", " -", " (", " [", " )"]
SEPARATORS = [" ", " ", " ", ", ", "; ", ": ", ". ", " (", ") ", " - ", " – ", " — ", "\n", "\n\n", " [", "] "]


@st.composite
def notes(draw: st.DrawFn) -> str:
    """One note: a label, then one to three sentences of date, actor, act, place and count."""
    sentences = []
    for _ in range(draw(st.integers(1, 3))):
        p, q, r = (draw(st.sampled_from(PLACES)) for _ in range(3))
        where = draw(st.sampled_from(WHERE)).format(p=p, q=q, r=r)
        when, who, act = draw(st.sampled_from(DATES)), draw(st.sampled_from(ACTORS)), draw(st.sampled_from(VERBS))
        whom = draw(st.sampled_from(ACTORS + PLACES))
        shape = draw(st.integers(0, 4))
        body = (f"{when}, {who} {act} {whom} {where}" if shape == 0 else
                f"{when}, {where}, {who} {act} {whom}" if shape == 1 else
                f"{who} {act} {where} {when.lower()}" if shape == 2 else
                f"(1) {when}, {who} {act} {where}. (2) {whom} {act} {q}" if shape == 3 else
                f"{when}: {where}; {who} {act} {whom}")
        body += draw(st.sampled_from(COUNTS)).format(q=q) + draw(st.sampled_from(ENDS))
        if draw(st.booleans()):
            body = body[:1].lower() + body[1:]
        sentences.append(body)
    return draw(st.sampled_from(LABELS)) + " ".join(sentences)


#: The pieces in any order: what a note cut, pasted or garbled may hold.
PIECES = [*LABELS, *DATES, *ACTORS, *VERBS, *PLACES, *COUNTS, *ENDS, "(coded to Hajin)", "[size=no report]",
          "N.B.", "(1)", "(2)", "al-", "ez-", "2 km west of", "between", "and", "killing", "2", "12", "later",
          "earlier", "after", "before", "days", "weeks", "captured", "Arrests:", "“", "”", "‘", "’", "«", "»"]
GARBLED = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), min_size=1,
                   max_size=30).map(lambda parts: "".join(piece + sep for piece, sep in parts))

PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(2015, 1, 1), max_value=date(2024, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(body=notes(), published=PUBLISHED)
def test_composed_notes_never_crash_event_extraction(geoparser: ge.Geoparser, body: str,
                                                     published: date | None) -> None:
    article = ge.parse_article(f"date {published.isoformat()}\n{body}" if published else body, source="note.txt")
    events = geoparser.events([article])
    assert all(e.article_id == article.article_id for e in events)


@settings(max_examples=200, deadline=None)
@given(body=GARBLED, published=PUBLISHED)
def test_garbled_notes_never_crash_event_extraction(geoparser: ge.Geoparser, body: str,
                                                    published: date | None) -> None:
    article = ge.parse_article(f"date {published.isoformat()}\n{body}" if published else body, source="note.txt")
    geoparser.events([article])


# --- The command line on a folder of notes ----------------------------------------------------

FOLDER_NOTES = [
    "On 8 May 2020, regime forces shelled Kansafra in Idleb countryside, killing 2 civilians.",
    "Arrests: On 3 May 2020, Turkish-backed Syrian National Army arrested 4 civilians in Afrin city.",
    "Shelling: On 5 May 2020, Syrian regime forces shelled the vicinity of Al-Bara in Jabal al-Zawiya. "
    "No casualties reported.",
    "Attack: On 4 May 2020, unidentified gunmen shot and killed a former FSA commander in Tafas (Daraa). "
    "[size=no report]",
    "Looting: On 6 May 2020, SDF members looted houses in Hajin (coded to Hajin).",
    "Protest: On 7 May 2020, around 200 people protested in Idleb city against the opening of a crossing.",
    "On the night of 7-8 May 2020, Russian warplanes struck Maarrat an-Nu'man, killing 3 civilians.",
    "Between 1 and 3 May 2020, ISIS militants clashed with SDF forces near Diban, 2 km west of Thiban, "
    "Deir ez-Zor. Fatalities unknown.",
    "(1) On 2 May 2020, an IED exploded in Ras al-Ayn, killing 6. (2) A second IED exploded near Tal Abyad.",
    "N.B. On 9 May 2020, a landmine exploded between Kafr Nabl and Hass, injuring 2 children.",
    "On 5 May 2020, “unidentified” gunmen assassinated a Syrian regime officer in Sanamayn – Daraa.",
    "Arrests: On 9 May 2020, Iraqi security forces arrested 3 ISIS suspects in Kirkuk; 2 were released later.",
    "Arrests: ",
    "Battle: On 8 May 2020, clashes between Houthis and pro-Hadi forces in Qaniyah, al-Bayda governorate, "
    "killed 12 fighters.",
    "on 2 May 2020, unknown gunmen killed a man in Jasim:",
]


def extract_events_of_folder(folder: Path, notes_: list[str]) -> subprocess.CompletedProcess[str]:
    folder.mkdir()
    for number, body in enumerate(notes_):
        (folder / f"note_{number:03d}.txt").write_text(f"date 2020-05-10\n{body}\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "geo_events", "extract", "--events", str(folder), "-v",
                           "--format", "csv", "-o", str(folder.parent / "out.csv")],
                          cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def test_command_line_on_a_folder_of_notes_reports_no_internal_error(tmp_path: Path) -> None:
    done = extract_events_of_folder(tmp_path / "notes", FOLDER_NOTES)
    assert "internal error" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr


def test_command_line_reports_no_internal_error_for_a_crashing_note(tmp_path: Path) -> None:
    done = extract_events_of_folder(tmp_path / "notes", [
        FOLDER_NOTES[0], "On 8 May 2020, clashes in Hajin; 3000 years later, more clashes."])
    assert "internal error" not in done.stderr, done.stderr
