"""Text to rows: the seed's acceptance places, the sample corpus, ranking in context."""

from __future__ import annotations

import pandas as pd
import pytest

from geo_events.geoparse.resolve import ANCHOR_CONFIDENCE

import geo_events as ge
from geo_events.errors import SpanError
from geo_events.geoparse import DocumentContext, rank_candidates
from geo_events.io import COLUMNS, read_article_file
from gazetteer import Candidate, NameMatch, fold_spelling

from conftest import SEED_PLACES, seed_place_error


@pytest.fixture(scope="module")
def seed_rows(geoparser: ge.Geoparser, seed_path) -> pd.DataFrame:
    return geoparser.extract([read_article_file(seed_path)])


@pytest.mark.parametrize("written", sorted(SEED_PLACES))
def test_seed_place_lands_within_10_km(seed_rows: pd.DataFrame, written: str) -> None:
    """Each seed place at its GeoNames point (the province the seed names, by its id)."""
    row = seed_rows[seed_rows["matched_text"] == written].iloc[0]
    assert seed_place_error(written, row.latitude, row.longitude, row.geonameid) is None


def test_seed_rows_carry_date_sentence_and_source(seed_rows: pd.DataFrame, seed_path) -> None:
    row = seed_rows[seed_rows["matched_text"] == "Deir al-Zour"].iloc[0]
    assert row.event_date == pd.Timestamp("2023-01-23")
    assert row.notes.startswith("On Friday, CENTCOM said") and row.notes.endswith("Deir al-Zour.")
    assert row.source == str(seed_path) and row.country == "Syria"


def test_one_row_per_article_and_place(seed_rows: pd.DataFrame) -> None:
    assert not seed_rows.duplicated(["article_id", "location", "latitude", "longitude"]).any()
    syria = seed_rows[seed_rows["location"] == "Syria"].iloc[0]
    assert syria.kind == "country" and syria.mentions > 5
    bukamal = seed_rows[seed_rows["location"] == "Ālbū Kamāl"].iloc[0]
    assert bukamal.mentions == 2  # "Bukamal, also known as Albu Kamal"


def test_sample_corpus_places_are_all_in_syria_or_iraq(sample_rows: pd.DataFrame) -> None:
    located = sample_rows.dropna(subset=["latitude"])
    assert set(located["country_code"]) == {"SY", "IQ"}
    assert located["location"].nunique() >= 25
    assert sample_rows["event_date"].dt.year.nunique() == 10  # 2014..2023


def test_unresolved_names_are_kept_and_flagged(geoparser: ge.Geoparser) -> None:
    rows = geoparser.extract([ge.parse_article(
        " date 2023-01-23 An official named al-Zubaydi spoke in Raqqa, Syria.", source="t")])
    # "al-Zubaydi" folds like Al Bayda (Libya): nothing in the article points there.
    unresolved = rows[rows["matched_text"] == "al-Zubaydi"].iloc[0]
    assert pd.isna(unresolved.latitude) and unresolved.needs_review and len(rows) == 3


def test_undated_article_rows_have_no_date(geoparser: ge.Geoparser) -> None:
    rows = geoparser.extract([ge.parse_article("Clashes in Raqqa.", source="t")])
    assert rows["event_date"].isna().all() and list(rows["location"]) == ["Ar Raqqah"]


def test_context_picks_the_syrian_bosra_over_basrah(geoparser: ge.Geoparser) -> None:
    (bosra,) = [r for r in geoparser.geoparse("Shelling hit Daraa, then Bosra.")
                if r.mention.text == "Bosra"]
    assert bosra.place.country_code == "SY"


def _city(name: str, cc: str, pop: int, lat: float = 0.0, lon: float = 0.0) -> Candidate:
    return Candidate(name, lat, lon, "city", cc, "", pop)


def test_ranking_prefers_recorded_spelling_over_size() -> None:
    loose = NameMatch(_city("Megacity", "IN", 11_000_000), spelled_alike=False)
    recorded = NameMatch(_city("Town", "SY", 100_000), spelled_alike=True)
    assert rank_candidates([loose, recorded], context=DocumentContext())[0][0].name == "Town"


def test_ranking_prefers_the_articles_country_then_population() -> None:
    gb = NameMatch(_city("Derry", "GB", 90_000), spelled_alike=True)
    sy = NameMatch(_city("Dar'a", "SY", 80_000), spelled_alike=True)
    assert rank_candidates([sy, gb], context=DocumentContext())[0][0].name == "Derry"
    ranked = rank_candidates([gb, sy], context=DocumentContext(frozenset({"SY"})))
    assert ranked[0][0].name == "Dar'a" and ranked[0][1] > ANCHOR_CONFIDENCE


def test_ranking_prefers_places_near_the_articles_towns() -> None:
    far = NameMatch(_city("Basrah", "IQ", 1_300_000, 30.5, 47.8), spelled_alike=True)
    near = NameMatch(_city("Bosra", "SY", 20_000, 32.5, 36.5), spelled_alike=True)
    context = DocumentContext(frozenset({"SY", "IQ"}), anchors=((32.6, 36.1),))
    assert rank_candidates([far, near], context=context)[0][0].name == "Bosra"
    assert rank_candidates([], context=context) == []


def test_ranking_prefers_a_places_own_name_over_an_alternate_one() -> None:
    old_name = NameMatch(_city("Rogers Park", "US", 6_000), spelled_alike=True)  # once "Rogersville"
    own = NameMatch(_city("Rogersville", "US", 4_500), spelled_alike=True)
    written = DocumentContext(written=fold_spelling("Rogersville"))
    assert rank_candidates([old_name, own], context=written)[0][0].name == "Rogersville"
    assert rank_candidates([old_name, own], context=DocumentContext())[0][0].name == "Rogers Park"


def test_single_candidate_has_full_confidence() -> None:
    ranked = rank_candidates([NameMatch(_city("Only", "SY", 10), True)],
                                context=DocumentContext())
    assert ranked[0][1] == 1.0


def test_extract_of_nothing_is_an_empty_table_with_the_columns(geoparser: ge.Geoparser) -> None:
    rows = geoparser.extract([])
    assert list(rows.columns) == list(COLUMNS) and rows.empty


class _FakeGeocoder:
    """Stands in for FallbackGeocoder: records questions, answers from a dict."""

    def __init__(self, answers: dict[str, Candidate]) -> None:
        self.answers, self.asked = answers, []

    def geocode(self, name: str, *, country_codes=()) -> Candidate | None:
        self.asked.append((name, tuple(country_codes)))
        return self.answers.get(name)


def test_geocoder_is_asked_only_for_names_the_gazetteer_cannot_place(gazetteer) -> None:
    answer = Candidate("Al Zubaydi farm", 34.9, 40.5, "feature", "SY", source="geocoder:test")
    fake = _FakeGeocoder({"al-Zubaydi": answer})
    parser = ge.Geoparser(gazetteer, geocoder=fake)  # type: ignore[arg-type]
    resolved = {r.mention.text: r for r in parser.geoparse(
        "An official named al-Zubaydi spoke in Raqqa, Syria.")}
    assert fake.asked == [("al-Zubaydi", ("SY",))]
    assert resolved["al-Zubaydi"].place == answer and resolved["al-Zubaydi"].needs_review
    assert resolved["Raqqa"].place.source != "geocoder:test"


def test_resolve_spans_gives_one_result_per_span_in_order(geoparser: ge.Geoparser) -> None:
    text = "Shelling near Dayr az-Zawr; Qwertyville was quiet; Iraqis fled Mosul."
    spans = [(14, 26), (28, 39), (51, 57), (63, 68)]
    resolved = geoparser.resolve_spans(text, spans)
    assert [(r.mention.start, r.mention.end) for r in resolved] == spans
    names = [r.place.name if r.place else None for r in resolved]
    assert names == ["Deir ez-Zor", None, "Iraq", "Mosul"]
    assert [r.mention.demonym for r in resolved] == [False, False, True, False]


@pytest.mark.parametrize("spans", [[(5, 3)], [(0, 999)], [(-1, 4)], [(0,)], [("0", "4")], [(0.0, 4)]])
def test_resolve_spans_rejects_spans_outside_the_text(geoparser: ge.Geoparser, spans) -> None:
    with pytest.raises(SpanError):
        geoparser.resolve_spans("Mosul and Raqqa.", spans)


def test_demonyms_stay_out_of_the_place_table(geoparser: ge.Geoparser) -> None:
    article = ge.parse_article(" date 2023-01-20 Iranian-linked militias hit Raqqa.", source="x")
    assert [r.mention.demonym for r in geoparser.geoparse(article.text)] == [True, False]
    assert geoparser.extract([article])["matched_text"].tolist() == ["Raqqa"]
