"""python benchmarks/bench_recognition.py [--show-errors]: place recognition on sentences written for it.

Reads ``tests/data/recognition/*.jsonl``: news sentences of many regions,
outlets and styles (sport, politics, culture, conflict reporting), each with
the place mentions (and demonyms) the recogniser should find, in a class
that names the trap it sets: ``person`` ("Al Gore", "Paris Hilton"),
``title`` ("Mr Hama"), ``organisation``, ``acronym`` ("EST", "NATO"),
``sentence_initial`` ("Man's global quest"), ``word``; and the places it
should not miss: ``dateline`` ("Carthage, Missouri —"), ``locative``
("captured Palmyra"), ``region``, ``region_demonym`` ("Central American"),
``place``. One markdown table to stdout: per class, the mentions expected,
hits, misses and false places (mentions found that no sentence expects).

    $ python benchmarks/bench_recognition.py
    | class | sentences | expected | hits | misses | false places |
    ...

The test ``tests/test_recognition_fp.py`` holds the totals to what was
measured here.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a plain script: make the repo's packages importable

from gazetteer import Gazetteer  # noqa: E402

from geo_events.geoparse import PlaceFinder  # noqa: E402

__all__ = ["Case", "ClassScore", "CASES_DIR", "read_cases", "score", "markdown_table", "main"]

log = logging.getLogger("bench_recognition")

#: Where the sentences are (one JSON object a line: class, text, places).
CASES_DIR = REPO / "tests" / "data" / "recognition"


@dataclass(frozen=True, slots=True)
class Case:
    """One sentence, its class, and the mentions (as written) the recogniser should find."""

    kind: str
    text: str
    places: tuple[str, ...]
    source: str


@dataclass(slots=True)
class ClassScore:
    """Counts for one class of sentences; ``errors`` lists ``(text, missed, false)``."""

    kind: str
    sentences: int = 0
    expected: int = 0
    hits: int = 0
    false_places: int = 0
    errors: list[tuple[str, list[str], list[str]]] | None = None

    @property
    def misses(self) -> int:
        return self.expected - self.hits


def read_cases(directory: Path = CASES_DIR) -> list[Case]:
    """Every case of every ``*.jsonl`` file in ``directory``, in file and line order.

    Raises ``ValueError`` naming the file and line of a malformed case.
    """
    cases = []
    for path in sorted(directory.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.name}, line {number}"
            try:
                row = json.loads(line)
                kind, text, places = row["class"], row["text"], row["places"]
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise ValueError(f"{where}: need a JSON object with class, text, places: {err}") from err
            if not (isinstance(kind, str) and isinstance(text, str) and isinstance(places, list)
                    and all(isinstance(p, str) and p in text for p in places)):
                raise ValueError(f"{where}: class and text must be strings and places a list "
                                 f"of strings found in the text, got {row!r}")
            cases.append(Case(kind, text, tuple(places), where))
    return cases


def score(finder: PlaceFinder, cases: Iterable[Case]) -> dict[str, ClassScore]:
    """Per class (in order of first appearance) and ``"all"``: hits, misses, false places.

    A sentence's found mentions are compared with its expected ones as
    multisets of the written text: each expected mention found once is a
    hit; each found mention left over is a false place.
    """
    scores: dict[str, ClassScore] = {}
    total = ClassScore("all", errors=[])
    for case in cases:
        found = Counter(m.text for m in finder.find(case.text))
        expected = Counter(case.places)
        hits = sum((found & expected).values())
        false = sorted((found - expected).elements())
        missed = sorted((expected - found).elements())
        for entry in (scores.setdefault(case.kind, ClassScore(case.kind, errors=[])), total):
            entry.sentences += 1
            entry.expected += len(case.places)
            entry.hits += hits
            entry.false_places += len(false)
            if missed or false:
                entry.errors.append((case.text, missed, false))
    scores["all"] = total
    return scores


def markdown_table(scores: dict[str, ClassScore]) -> list[str]:
    """The table's lines: one row per class, the total last."""
    lines = ["| class | sentences | expected | hits | misses | false places |",
             "|-------|----------:|---------:|-----:|-------:|-------------:|"]
    for s in scores.values():
        lines.append(f"| {s.kind} | {s.sentences} | {s.expected} | {s.hits} | {s.misses} | "
                     f"{s.false_places} |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true",
                        help="list, on stderr, each sentence with a miss or a false place")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    cases = read_cases()
    scores = score(PlaceFinder(Gazetteer.open(progress=log.info)), cases)
    if args.show_errors:
        for text, missed, false in scores["all"].errors or []:
            log.info("%s\n    missed %s, false %s", text, missed, false)
    sys.stdout.write("\n".join(markdown_table(scores)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
