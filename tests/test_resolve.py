"""Resolution in context: the article's other names and the words beside each name."""

from __future__ import annotations

import pytest

import geo_events as ge


def resolved(geoparser: ge.Geoparser, text: str) -> dict[str, tuple[str, str, str]]:
    return {r.mention.text: (r.place.kind, r.place.country_code, r.place.admin1)
            for r in geoparser.geoparse(text) if r.place}


@pytest.mark.parametrize(("text", "name", "expected"), [
    # "X, Y": X lies inside Y.
    ("Police in Paris, Texas, said the fire was out.", "Paris", ("city", "US", "TX")),
    ("Police in Paris said the fire was out.", "Paris", ("city", "FR", "11")),
    # Other names of the article share a first-level division.
    ("Athens police and Henderson County deputies in Texas searched the lake.", "Athens",
     ("city", "US", "TX")),
    # Type words.
    ("Shelling hit Raqqa province overnight.", "Raqqa", ("admin1", "SY", "04")),
    ("Shelling hit Raqqa overnight.", "Raqqa", ("city", "SY", "04")),
    # A name of vowels alone ("Iowa", "UAE") is still found.
    ("Farmers in Iowa and traders in the UAE.", "Iowa", ("admin1", "US", "IA")),
    ("Farmers in Iowa and traders in the UAE.", "UAE", ("country", "AE", "")),
    # A state outranks a village of its name once divisions carry their population.
    ("Floods hit Texas.", "Texas", ("admin1", "US", "TX")),
    # A region without a recorded population still outranks a namesake neighbourhood.
    ("Peace in the Middle East is far off, the minister said.", "Middle East", ("region", "", "")),
])
def test_context_picks_the_place(geoparser: ge.Geoparser, text: str, name: str,
                                 expected: tuple[str, str, str]) -> None:
    assert resolved(geoparser, text)[name] == expected


def test_holding_place_follows_what_it_holds(geoparser: ge.Geoparser) -> None:
    # "Athens, Georgia": the US state, not the country.
    assert resolved(geoparser, "She grew up in Athens, Georgia, and left.")["Georgia"][:2] == \
        ("admin1", "US")
    assert resolved(geoparser, "Russia and Georgia fought in 2008.")["Georgia"][:2] == \
        ("country", "GE")


def test_a_name_found_in_one_country_only_points_to_that_country(geoparser: ge.Geoparser) -> None:
    # Every place recorded as "Tuscaloosa" is in the US: the article points to the US,
    # for Paris (whose Texas and Tennessee towns then compete with the capital), not for itself.
    text = "Officers from Tuscaloosa drove to Paris on Monday."
    inputs = geoparser.resolver.ranking_inputs(geoparser.finder.find(text), text=text)
    assert "US" in inputs["Paris"][1].country_codes
    assert "US" not in inputs["Tuscaloosa"][1].country_codes
    assert resolved(geoparser, "Officers drove to Paris on Monday.")["Paris"][:2] == ("city", "FR")


def spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_feature_the_gazetteer_lacks_is_placed_at_its_namesake_near_the_article(
        geoparser: ge.Geoparser) -> None:
    text = "Anglers on the Naugatuck River near Waterbury, Connecticut, caught trout."
    river, _, _ = geoparser.resolve_spans(text, spans_of(text, "Naugatuck River", "Waterbury",
                                                         "Connecticut"))
    assert river.place is not None and river.near
    assert (river.place.name, river.place.country_code, river.place.admin1) == ("Naugatuck", "US", "CT")


def test_feature_named_after_a_town_the_article_does_not_point_to_stays_unresolved(
        geoparser: ge.Geoparser) -> None:
    # Nothing says which Cunningham the lake is named after: flag it, do not guess.
    text = "Hikers swam in Lake Cunningham on Sunday."
    (lake,) = geoparser.resolve_spans(text, spans_of(text, "Lake Cunningham"))
    assert lake.place is None and lake.needs_review


def test_known_name_is_not_a_namesake(geoparser: ge.Geoparser) -> None:
    text = "Floods hit Mosul."
    (mosul,) = geoparser.resolve_spans(text, spans_of(text, "Mosul"))
    assert mosul.place is not None and not mosul.near


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("Ohioans voted on Tuesday.", "Ohioans", ("admin1", "US", "OH")),
    ("Many Europeans travelled.", "Europeans", ("region", "", "")),
    ("Loudon Co. deputies arrived.", "Loudon Co.", ("admin2", "US", "TN")),
])
def test_people_and_abbreviated_names_resolve_to_their_place(
        geoparser: ge.Geoparser, text: str, name: str, expected: tuple[str, str, str]) -> None:
    (found,) = geoparser.resolve_spans(text, spans_of(text, name))
    assert found.place is not None and not found.near
    assert (found.place.kind, found.place.country_code, found.place.admin1) == expected


def test_building_a_finder_and_resolver_reads_their_vocabularies(geoparser: ge.Geoparser) -> None:
    """The vocabularies are read when the parts are built, not on the first article."""
    from geo_events.geoparse import recognize, resolve

    for load in (*recognize.VOCABULARIES, *resolve.VOCABULARIES):
        load.cache_clear()
    recognize.PlaceFinder(geoparser.gazetteer)
    resolve.Resolver(geoparser.gazetteer)
    assert [load.cache_info().currsize for load in (*recognize.VOCABULARIES, *resolve.VOCABULARIES)] \
        == [1] * (len(recognize.VOCABULARIES) + len(resolve.VOCABULARIES))


def test_a_name_alone_is_ranked_once_and_one_beside_others_twice(geoparser: ge.Geoparser,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The second pass ranks a name again only when the places the first was sure of
    (but its own) add something; its answer is the same either way."""
    from geo_events.geoparse import resolve

    calls: list[str] = []
    real = resolve._pick

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(resolve, "_pick", counting)
    alone = geoparser.geoparse("Shelling was reported in Mosul.")
    assert calls == ["Mosul"] and alone[0].place.country_code == "IQ"
    calls.clear()
    geoparser.geoparse("Shelling was reported in Mosul and Kirkuk.")
    assert sorted(calls) == ["Kirkuk", "Kirkuk", "Mosul", "Mosul"]


def test_a_name_cut_at_the_limit_also_gets_its_places_in_the_countries_named(
        geoparser: ge.Geoparser, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one candidate looked up per name, the article's country still brings its own
    namesake: "Paris" beside Texas's towns is among Texas's Parises, not only France's."""
    from geo_events.geoparse import resolve

    monkeypatch.setattr(resolve, "MAX_CANDIDATES", 1)
    [paris] = [r for r in geoparser.geoparse("Storms hit Paris, a town in Texas, United States.")
               if r.mention.text == "Paris"]
    assert paris.place is not None and paris.place.country_code == "US"
