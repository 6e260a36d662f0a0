"""The shared document: split once, annotated by each stage in turn."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geo_events as ge
from gazetteer import Gazetteer
from geo_events.events import annotate
from geo_events.text import Document, sentences

TEXT = (" date 2023-01-23 On Friday a drone struck a base near Qamishli, killing two guards.\n\n"
        "In December, SDF fighters captured six ISIS members in Hajin, which ISIS denied.")


def test_document_offsets_point_into_its_text() -> None:
    doc = Document.from_text("Shelling hit al-Qaim's market.\n\nMosul was calm.")
    assert [doc.text[s:e] for s, e in doc.sentences] == ["Shelling hit al-Qaim's market.", "Mosul was calm."]
    assert [t.text for t in doc.tokens] == ["Shelling", "hit", "al-Qaim", "market", "Mosul", "was", "calm"]
    assert doc.paragraph_breaks == (30,)
    assert doc.sentence_at(doc.text.index("calm")) == doc.sentences[1]
    assert not doc.same_paragraph(0, doc.text.index("Mosul")) and doc.same_paragraph(0, 10)


def test_annotate_adds_the_event_layers_in_text_order() -> None:
    doc = annotate(Document.from_text(TEXT, published=date(2023, 1, 23)))
    assert [d.text for d in doc.dates] == ["2023-01-23", "On Friday", "In December"]
    assert all(doc.text[d.start:d.end] == d.text for d in doc.dates)
    assert len(doc.triggers) == len(doc.clauses) >= 3
    assert [t.sub_event_type for t in doc.triggers if t] == ["Air/drone strike", "Arrests"]
    assert {a.actor for a in doc.actors} >= {"Syrian Democratic Forces (SDF)"}


def test_dates_in_takes_the_expressions_starting_in_a_range() -> None:
    doc = annotate(Document.from_text(TEXT, published=date(2023, 1, 23)))
    second = doc.sentences[-1]
    assert [d.text for d in doc.dates_in(*second)] == ["In December"]


@pytest.fixture(scope="module")
def parser() -> ge.Geoparser:
    return ge.Geoparser(Gazetteer.open())


def test_an_article_is_split_into_sentences_once(parser: ge.Geoparser, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = sentences.sentence_spans

    def counted(text: str, **kwargs: object) -> list[tuple[int, int]]:
        calls.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr("geo_events.text.document.sentence_spans", counted)
    monkeypatch.setattr("geo_events.text.sentences.sentence_spans", counted)
    article = ge.parse_article(TEXT, source="note.txt")
    events = parser.article_events(article)
    assert [e.sub_event_type for e in events if e.kind == "event"] == ["Air/drone strike", "Arrests"]
    assert calls == [article.text]


def test_the_pipeline_document_carries_places_for_the_event_stage(parser: ge.Geoparser) -> None:
    doc = parser.document("Drones struck Deir al-Zour and Albu Kamal.")
    assert [r.mention.text for r in doc.places] == ["Deir al-Zour", "Albu Kamal"]
    assert parser.geoparse(doc.text) == list(doc.places)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("ab Z.\n!?'’-ʿ\"9")) | st.characters(), max_size=300))
def test_any_text_splits_into_ordered_spans_within_it(text: str) -> None:
    doc = Document.from_text(text)
    for token in doc.tokens:
        assert text[token.start:token.end] == token.text and token.lower == token.text.lower()
    ends = [0]
    for start, end in doc.sentences:
        assert ends[-1] <= start < end <= len(text) and text[start:end].strip() == text[start:end]
        ends.append(end)
    assert list(doc.paragraph_breaks) == sorted(doc.paragraph_breaks)
