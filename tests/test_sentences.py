"""Sentence spans: boundaries, abbreviations, paragraphs, offsets."""

from __future__ import annotations

import pytest

from geo_events.text import sentence_spans


@pytest.mark.parametrize(("text", "expected"), [
    ("One. Two.", ["One.", "Two."]),
    ("It began on Jan. 21. Then it ended.", ["It began on Jan. 21.", "Then it ended."]),
    ("U.S. forces left. Col. Smith stayed.", ["U.S. forces left.", "Col. Smith stayed."]),
    ("“He left.” She stayed!", ["“He left.”", "She stayed!"]),
    ("Heading\n\nBody one. Body two", ["Heading", "Body one.", "Body two"]),
    ("lower. case does not split", ["lower. case does not split"]),
    ("", []),
])
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


def test_spans_cover_the_seed_without_overlap(seed_path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    spans = sentence_spans(text)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    assert len(spans) > 20
