"""Vocabularies: the one loader (word lists, word tables) and the accessors built on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import GazetteerDataError, vocabulary
from gazetteer.vocabulary import parse_table, parse_words

from geo_events import vocab
from geo_events.events import actors, extract
from geo_events.geoparse import cues, namesakes
from geo_events.text import dates

REPO = Path(__file__).resolve().parents[1]
DATA_DIRS = (REPO / "gazetteer" / "data" / "vocabulary", REPO / "geo_events" / "vocab" / "data")


# ------------------------------------------------------------------- loader


def test_word_list_ignores_comments_and_blank_lines() -> None:
    text = "# a comment: not words\n\nmay june\n  # indented comment\njuly\n"
    assert parse_words(text) == {"may", "june", "july"}


def test_word_table_keeps_order_roles_and_columns_and_skips_comments() -> None:
    text = "# header comment\nword,kind,roles\ncity,city,after_name not_place\n# between\nmt,,\n"
    rows = parse_table(text, source="t.csv")
    assert [(r.word, r.roles, r["kind"], r.line) for r in rows] == [
        ("city", frozenset({"after_name", "not_place"}), "city", 3), ("mt", frozenset(), "", 5)]


@pytest.mark.parametrize(("text", "line", "says"), [
    ("word,roles\nmosul,a,b\n", 2, "3 fields"),
    ("# c\nword,roles\n# c\nmosul\n", 4, "1 fields"),
    ("word,roles\nMosul,a\n", 2, "not lower case"),
    ("word,roles\n,a\n", 2, "empty"),
    ("word,roles\nmosul,a\nmosul,b\n", 3, "written twice"),
    ("word,roles\nmosul,not_a_role\n", 2, "unknown role"),
    ("name,roles\nmosul,a\n", 1, "'word' column"),
    ("word,word\nmosul,a\n", 1, "distinct"),
])
def test_malformed_table_names_file_and_line(text: str, line: int, says: str) -> None:
    with pytest.raises(GazetteerDataError, match=f"^t.csv, line {line}: .*{says}"):
        parse_table(text, source="t.csv", roles={"a", "b"})


def test_same_abbreviation_may_stand_for_two_words() -> None:
    rows = parse_table("word,stands_for,roles\nst,Saint,\nst,Street,\n", source="t.csv")
    assert [r["stands_for"] for r in rows] == ["Saint", "Street"]


def test_empty_table_and_capitalised_word_list_are_errors() -> None:
    with pytest.raises(GazetteerDataError, match="t.csv: no header line"):
        parse_table("# only a comment\n", source="t.csv")
    with pytest.raises(GazetteerDataError, match="t.txt, line 2: 'Mosul'"):
        parse_words("# c\nMosul\n", source="t.txt")


def test_missing_file_names_the_path() -> None:
    with pytest.raises(GazetteerDataError, match="no_such_vocabulary.csv"):
        vocabulary.table("no_such_vocabulary.csv")


def test_unknown_kind_and_kind_cue_without_kind_are_errors() -> None:
    bad_kind = parse_table("word,kind,roles\ntown,village,\n", source="p.csv")
    with pytest.raises(GazetteerDataError, match="p.csv, line 2: unknown kind 'village'"):
        vocabulary._checked_kinds(bad_kind)
    no_kind = parse_table("word,kind,roles\ntown,,kind_after\n", source="p.csv")
    with pytest.raises(GazetteerDataError, match="p.csv, line 2: 'town' is a kind cue"):
        vocabulary._checked_kinds(no_kind)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ,#\n\r\"'Z\x00\t_é")), max_size=80))
def test_loader_raises_nothing_but_data_errors(text: str) -> None:
    for parse in (parse_words, parse_table):
        try:
            parse(text, source="fuzz")
        except GazetteerDataError as err:
            assert str(err).startswith("fuzz")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_loader_raises_nothing_but_data_errors_on_any_text(text: str) -> None:
    for parse in (parse_words, parse_table):
        try:
            parse(text, source="fuzz")
        except GazetteerDataError:
            pass


# ------------------------------------------------------- packaged vocabularies


@pytest.mark.parametrize("path", sorted(p for d in DATA_DIRS for p in d.iterdir()
                                        if p.suffix in (".csv", ".txt")), ids=lambda p: p.name)
def test_every_packaged_vocabulary_loads(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    loaded = parse_table(text, source=path.name) if path.suffix == ".csv" else parse_words(text)
    assert loaded


def test_each_word_is_written_once_across_the_word_tables() -> None:
    tables = {
        "place_types": {e.word for e in vocabulary.table("place_types.csv")},
        "area_words": {e.word for e in vocabulary.table("area_words.csv")},
        "word_roles": {e.word for e in vocabulary.table("word_roles.csv", package="geo_events.vocab")},
        "calendar": {e.word for e in vocabulary.table("calendar.csv", package="geo_events.vocab")},
    }
    names = sorted(tables)
    for k, a in enumerate(names):
        for b in names[k + 1:]:
            assert not tables[a] & tables[b], (a, b, tables[a] & tables[b])


@pytest.mark.parametrize(("words", "inside", "outside"), [
    (vocab.titles(), {"colonel", "gen", "sheriff"}, {"army", "north"}),
    (vocab.not_place_words(), {"may", "monday", "army", "north", "province", "syrian", "colonel"},
     {"mosul", "gen"}),
    (vocab.organisation_words(), {"bureau", "county", "centre", "sheriff"}, {"north"}),
    (vocab.civic_words(), {"council", "clerk", "attorney"}, {"bureau"}),
    (vocab.sentence_abbreviations(), {"gen", "jan", "sept", "mt", "co", "st", "etc"},
     {"may", "reps", "pt"}),
    (vocab.function_words(), {"the", "in", "several"}, {"mosul"}),
    (vocab.place_types("street"), {"street", "st", "hwy", "farms"}, {"city"}),
    (vocab.place_types("feature_after"), {"river", "twp", "airbase"}, {"r", "mount"}),
    (vocab.place_types("division_suffix"), {"governorate", "canton"}, {"city"}),
    (frozenset(vocab.area_words("part")), {"inner", "southwestern"}, {"metro", "capital"}),
])
def test_accessors_gather_each_role(words: frozenset[str], inside: set[str], outside: set[str]) -> None:
    assert inside <= words and not outside & words


def test_number_words_differ_by_role_and_agree_on_values() -> None:
    count, span = vocab.number_words("count"), vocab.number_words("span")
    assert count["dozens of"] == 12 and "dozens of" not in span
    assert span["a few"] == count["a few"] == 3
    assert all(count[w] == v for w, v in span.items())
    with pytest.raises(ValueError, match="role must be one of"):
        vocab.number_words("money")


def test_months_and_weekdays_keep_their_numbers() -> None:
    assert dates.MONTHS["sept"] == dates.MONTHS["september"] == 9 and dates.MONTHS["may"] == 5
    assert list(dates.WEEKDAYS) == ["monday", "tuesday", "wednesday", "thursday", "friday",
                                    "saturday", "sunday"]
    assert vocab.time_units() == ("hour", "day", "week", "month", "year")
    assert "month" not in vocab.not_place_words()  # a unit, not a month's name


# ----------------------------------------------------- consumers' derived sets


def test_consumers_read_their_roles() -> None:
    assert cues.KIND_AFTER["governorates"] == "admin1" and cues.KIND_BEFORE["republic of"] == "country"
    assert namesakes.ABBREVIATED_WORDS["co."] == "County"
    assert actors.parse_count("Dozens of") == 12 and actors.parse_count("eleven") == 11
    assert extract.NEAR_CUE.search("fighting southeastern outskirts of the town of ")
    assert not extract.NEAR_CUE.search("fighting in the town of ")


def test_feature_heads_before_are_prefix_free() -> None:
    """At most one head opens a name, so their order does not matter."""
    heads = [h + " " for h in namesakes.FEATURE_HEADS_BEFORE]
    assert not [(a, b) for a in heads for b in heads if a != b and b.startswith(a)]


def test_count_pattern_tries_a_phrase_before_its_first_word() -> None:
    assert actors.count_casualties("Dozens of civilians were killed.").fatalities == 12
    alternatives = actors._NUMBER[3:-1].split("|")
    assert alternatives.index("dozens of") < alternatives.index("dozens")
