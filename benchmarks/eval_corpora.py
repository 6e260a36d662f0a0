"""Readers for the two hand-annotated geoparsing corpora in ``../shared/eval``.

    >>> from benchmarks.eval_corpora import CORPORA, EVAL_DIR
    >>> docs = CORPORA["geovirus"].read(EVAL_DIR)          # doctest: +SKIP
    >>> docs[0].toponyms[0].phrase, docs[0].toponyms[0].latitude  # doctest: +SKIP
    ('Pandi', 14.87)

Both readers return :class:`EvalDoc` values whose gold spans are 0-based Python
string offsets, checked on reading: ``doc.text[t.start:t.end] == t.phrase``.
A corpus that breaks that promise raises :class:`ValueError` naming the
document and the offsets. The corpora are public research data (GPL-3.0) read
in place: they are never copied into this repository.
"""

from __future__ import annotations

import math
from collections import Counter
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

__all__ = ["GoldToponym", "EvalDoc", "CorpusSpec", "CORPORA", "EVAL_DIR", "read_lgl", "read_geovirus"]

#: ``/work/shared/eval`` beside the repository (absent on a user's machine).
EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated place name: ``text[start:end] == phrase`` (0-based offsets).

    ``latitude``/``longitude`` are ``None`` when the annotators gave no point
    (such toponyms count for recognition, not for resolution). ``gold_name``
    is the annotators' name of the place (LGL's GeoNames name, GeoVirus's
    Wikipedia page title), kept for error listings.
    """

    start: int
    end: int
    phrase: str
    latitude: float | None
    longitude: float | None
    gold_name: str = ""

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class EvalDoc:
    """One annotated article: its text and its gold toponyms in text order."""

    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def read_lgl(path: Path) -> list[EvalDoc]:
    """Read LGL (``lgl/lgl.xml``): 0-based offsets, ``<gaztag>`` holds the gold point.

        >>> docs = read_lgl(EVAL_DIR / "lgl" / "lgl.xml")  # doctest: +SKIP
        >>> len(docs), docs[0].toponyms[0]                   # doctest: +SKIP
        (588, GoldToponym(start=0, end=10, phrase='Alexandria', latitude=31.3113, ...))
    """
    docs = []
    for number, article in enumerate(_root(path).findall("article"), start=1):
        doc_id = article.get("docid") or f"#{number}"
        text = article.findtext("text") or ""
        toponyms = []
        for element in article.iterfind("toponyms/toponym"):
            gaztag = element.find("gaztag")
            lat = lon = None
            gold_name = ""
            if gaztag is not None:
                lat = _coordinate(gaztag.findtext("lat"), 90.0, path, doc_id)
                lon = _coordinate(gaztag.findtext("lon"), 180.0, path, doc_id)
                gold_name = gaztag.findtext("name") or ""
            toponyms.append(_toponym(element, "phrase", 0, text, lat, lon, gold_name, path, doc_id))
        toponyms.sort(key=lambda t: (t.start, t.end))
        docs.append(EvalDoc(doc_id, text, tuple(toponyms)))
    return docs


def read_geovirus(path: Path) -> list[EvalDoc]:
    """Read GeoVirus (``geovirus/GeoVirus.xml``): offsets in the file are 1-based.

        >>> docs = read_geovirus(EVAL_DIR / "geovirus" / "GeoVirus.xml")  # doctest: +SKIP
        >>> len(docs), sum(len(d.toponyms) for d in docs)                 # doctest: +SKIP
        (229, 2170)

    The file nests three ``<location>`` elements inside another one (article
    "Philippines..." about Ilocos Sur); every ``<location>`` under an article's
    ``<locations>`` is read, each from its own direct children, so none is lost.
    ``doc_id`` is the WikiNews source address (the file has no ids), with
    "(part k of n)" for the one article split into three documents.
    """
    articles = _root(path).findall("article")
    sources = [(a.findtext("source") or "").strip() for a in articles]
    counts, seen = Counter(sources), Counter[str]()
    docs = []
    for number, (article, source) in enumerate(zip(articles, sources), start=1):
        seen[source] += 1
        doc_id = source or f"#{number}"
        if counts[source] > 1:
            doc_id += f" (part {seen[source]} of {counts[source]})"
        text = article.findtext("text") or ""
        toponyms = []
        for locations in article.findall("locations"):
            for element in locations.iter("location"):
                lat = _coordinate(element.findtext("lat"), 90.0, path, doc_id)
                lon = _coordinate(element.findtext("lon"), 180.0, path, doc_id)
                toponyms.append(_toponym(element, "name", 1, text, lat, lon,
                                         _page_title(element.findtext("page")), path, doc_id))
        toponyms.sort(key=lambda t: (t.start, t.end))
        docs.append(EvalDoc(doc_id, text, tuple(toponyms)))
    return docs


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    """Where a corpus lives under :data:`EVAL_DIR`, how to read it, and its annotation policy.

    ``count_demonyms``: whether the corpus's guideline tags adjectival and
    demonym forms ("American", "Syrian") as toponyms. When it does not, a
    system's predicted demonym spans are dropped before recognition and
    end-to-end scoring, so they count neither as hits nor as false alarms.
    """

    name: str
    relative_path: Path
    reader: Callable[[Path], list[EvalDoc]]
    count_demonyms: bool

    def path(self, eval_dir: Path = EVAL_DIR) -> Path:
        return eval_dir / self.relative_path

    def read(self, eval_dir: Path = EVAL_DIR) -> list[EvalDoc]:
        return self.reader(self.path(eval_dir))


#: The corpora by command-line key. LGL's guideline (Lieberman et al. 2010) tags
#: adjectival forms as toponyms; GeoVirus (Gritta et al. 2018) tags place names only.
CORPORA: dict[str, CorpusSpec] = {
    "lgl": CorpusSpec("LGL", Path("lgl") / "lgl.xml", read_lgl, count_demonyms=True),
    "geovirus": CorpusSpec("GeoVirus", Path("geovirus") / "GeoVirus.xml", read_geovirus,
                           count_demonyms=False),
}


def _root(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as err:
        raise ValueError(f"{path}: not well-formed XML: {err}") from err


def _toponym(element: ET.Element, phrase_tag: str, base: int, text: str, lat: float | None,
             lon: float | None, gold_name: str, path: Path, doc_id: str) -> GoldToponym:
    """A checked :class:`GoldToponym` from an element with start/end/phrase children."""
    phrase = element.findtext(phrase_tag) or ""
    raw_start, raw_end = element.findtext("start"), element.findtext("end")
    try:
        start, end = int(raw_start) - base, int(raw_end) - base
    except (TypeError, ValueError) as err:
        raise ValueError(f"{path}: doc {doc_id}: toponym {phrase!r} has offsets "
                         f"start={raw_start!r} end={raw_end!r}, not integers") from err
    if not (0 <= start < end <= len(text)) or text[start:end] != phrase:
        found = text[start:end] if 0 <= start < end <= len(text) else "<outside the text>"
        raise ValueError(f"{path}: doc {doc_id}: toponym {phrase!r} at [{start}, {end}) "
                         f"(file offsets {raw_start}-{raw_end}, {base}-based) does not match the "
                         f"text there: {found!r}")
    return GoldToponym(start, end, phrase, lat, lon, gold_name)


def _page_title(page: str | None) -> str:
    """"Pandi, Bulacan" from ".../wiki/Pandi,_Bulacan"; "" for the file's empty and "N/A" pages."""
    if not page or "/wiki/" not in page:
        return ""
    return unquote(page.rsplit("/wiki/", 1)[1]).replace("_", " ")


def _coordinate(raw: str | None, limit: float, path: Path, doc_id: str) -> float | None:
    if raw is None or not raw.strip():
        return None
    try:
        value = float(raw)
    except ValueError as err:
        raise ValueError(f"{path}: doc {doc_id}: coordinate {raw!r} is not a number") from err
    if math.isnan(value) or abs(value) > limit:
        raise ValueError(f"{path}: doc {doc_id}: coordinate {raw!r} is outside +/-{limit}")
    return value
