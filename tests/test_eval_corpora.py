"""benchmarks/eval_corpora.py: the LGL and GeoVirus readers, on tiny fixtures and on the real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.eval_corpora import CORPORA, EVAL_DIR, GoldToponym, read_geovirus, read_lgl

LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="41">
    <title>t</title><domain>d</domain><url>u</url><dltime>2009-03-20</dltime>
    <text><![CDATA[Fire in Alexandria & Rapides Parish.]]></text>
    <toponyms count="2">
      <toponym>
        <start>{start}</start><end>{end}</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><fclass>P</fclass><fcode>PPL</fcode>
          <lat>31.3113</lat><lon>-92.4451</lon><country>United States</country></gaztag>
      </toponym>
      <toponym><start>21</start><end>35</end><phrase>Rapides Parish</phrase></toponym>
    </toponyms>
  </article>
  <article docid="42"><text>No places.</text><toponyms count="0"/></article>
</articles>
"""

GEOVIRUS_XML = """<articles>
    <article>
        <source>https://en.wikinews.org/wiki/Hogs</source>
        <text>Hogs culled in Pandi, Bulacan &amp; beyond.</text>
        <locations>
            <location>
                <name>Pandi</name><start>{start}</start><end>{end}</end>
                <lat>14.87</lat><lon>120.95</lon><page>https://en.wikipedia.org/wiki/Pandi,_Bulacan</page>
            </location>
            <location>
                <location>
                    <name>Bulacan</name><start>23</start><end>30</end>
                    <lat>15</lat><lon>121.08</lon><page>N/A</page>
                </location>
                <name>beyond</name><start>33</start><end>39</end>
                <lat>1</lat><lon>2</lon><page></page>
            </location>
        </locations>
    </article>
</articles>
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "corpus.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lgl_offsets_are_zero_based_and_points_optional(tmp_path: Path) -> None:
    docs = read_lgl(write(tmp_path, LGL_XML.format(start=8, end=18)))
    assert [d.doc_id for d in docs] == ["41", "42"]
    assert docs[0].text == "Fire in Alexandria & Rapides Parish."
    assert docs[0].toponyms == (
        GoldToponym(8, 18, "Alexandria", 31.3113, -92.4451, "Alexandria"),
        GoldToponym(21, 35, "Rapides Parish", None, None, ""),
    )
    assert [t.has_point for t in docs[0].toponyms] == [True, False]
    assert docs[1].toponyms == ()


def test_geovirus_offsets_are_one_based_in_the_file(tmp_path: Path) -> None:
    docs = read_geovirus(write(tmp_path, GEOVIRUS_XML.format(start=16, end=21)))
    (doc,) = docs
    assert doc.doc_id == "https://en.wikinews.org/wiki/Hogs"
    assert [(t.start, t.end, t.phrase) for t in doc.toponyms] == [
        (15, 20, "Pandi"), (22, 29, "Bulacan"), (32, 38, "beyond")]
    assert all(doc.text[t.start:t.end] == t.phrase for t in doc.toponyms)
    assert [t.gold_name for t in doc.toponyms] == ["Pandi, Bulacan", "", ""]  # "N/A", empty page: no name


def test_geovirus_reads_locations_nested_in_a_location(tmp_path: Path) -> None:
    """The real file wraps three <location>s inside a fourth that has fields of its own."""
    (doc,) = read_geovirus(write(tmp_path, GEOVIRUS_XML.format(start=16, end=21)))
    assert doc.toponyms[1:] == (GoldToponym(22, 29, "Bulacan", 15.0, 121.08, ""),
                                GoldToponym(32, 38, "beyond", 1.0, 2.0, ""))


@pytest.mark.parametrize(("reader", "text", "message"), [
    (read_lgl, LGL_XML.format(start=9, end=19), r"doc 41: toponym 'Alexandria' at \[9, 19\)"),
    (read_lgl, LGL_XML.format(start=8, end=99), r"doc 41: .*<outside the text>"),
    (read_lgl, LGL_XML.format(start="x", end=18), r"doc 41: .*not integers"),
    # GeoVirus's 1-based offsets read as if 0-based would be one character off:
    (read_geovirus, GEOVIRUS_XML.format(start=15, end=20),
     r"doc https://en.wikinews.org/wiki/Hogs: toponym 'Pandi' at \[14, 19\) \(file offsets 15-20, 1-based\)"),
])
def test_a_span_that_does_not_match_its_phrase_is_an_error(tmp_path: Path, reader, text: str,
                                                           message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        reader(write(tmp_path, text))
    assert str(tmp_path / "corpus.xml") in str(caught.value)


def test_bad_coordinates_and_broken_xml_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"doc 41: coordinate '191.0' is outside"):
        read_lgl(write(tmp_path, LGL_XML.format(start=8, end=18).replace("-92.4451", "191.0")))
    with pytest.raises(ValueError, match="not well-formed XML"):
        read_lgl(write(tmp_path, LGL_XML.format(start=8, end=18)[:200]))


def test_demonym_policy_per_corpus() -> None:
    assert CORPORA["lgl"].count_demonyms is True
    assert CORPORA["geovirus"].count_demonyms is False


@pytest.mark.parametrize(("key", "docs", "toponyms", "with_points"), [
    ("lgl", 588, 5088, 4462),
    ("geovirus", 229, 2170, 2170),
])
def test_real_corpora(key: str, docs: int, toponyms: int, with_points: int) -> None:
    spec = CORPORA[key]
    if not spec.path(EVAL_DIR).is_file():
        pytest.skip(f"{spec.path(EVAL_DIR)} absent (the evaluation corpora live beside the repo)")
    read = spec.read(EVAL_DIR)  # raises if any span does not match its phrase
    gold = [t for d in read for t in d.toponyms]
    assert (len(read), len(gold), sum(t.has_point for t in gold)) == (docs, toponyms, with_points)
    assert all(d.text[t.start:t.end] == t.phrase for d in read for t in d.toponyms)
    assert len({d.doc_id for d in read}) == docs
