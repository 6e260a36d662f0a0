"""Articles in partitions: a big collection split, small files packed together.

    >>> from geo_events.models import Article
    >>> batcher = Partitioner(articles_per_partition=3)
    >>> big = [Article(f"b{i}", f"big.csv#{i}", "text") for i in range(4)]
    >>> [len(p.articles) for p in batcher.add(0, big)]  # 3 go now, 1 waits for company
    [3]
    >>> [p.slots for p in batcher.add(1, [Article("s", "small.txt", "text")]) + batcher.flush()]
    [((0, 3), (1, 0))]
    >>> print(lost_articles("big.csv", big[:3], "KilledWorker: ..."))
    big.csv: 3 article(s) (#0 to #2) not extracted: KilledWorker: ...; skipped

A partition is one Dask task. Each of its articles keeps its slot (the input
file's number in reading order, the article's place among that file's fresh
articles), so the client can give each file its results back and store the
file in one transaction once every slot of it is filled.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo_events.models import Article, IngestProblem

__all__ = ["Partition", "Partitioner", "ARTICLES_PER_PARTITION", "lost_articles"]

#: Articles per task: enough that a task's overhead (a few milliseconds) is small beside
#: its work (about 4 ms an article), few enough that a lost task costs little to redo.
ARTICLES_PER_PARTITION = 200

#: Where one article of a partition belongs: (file number, index among its fresh articles).
Slot = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Partition:
    """Articles sent to a worker as one task; ``slots[i]`` says where ``articles[i]`` belongs."""

    number: int
    articles: tuple[Article, ...]
    slots: tuple[Slot, ...]

    def files(self) -> dict[int, list[int]]:
        """``{file number: [indexes of its articles in this partition]}``, in order."""
        found: dict[int, list[int]] = {}
        for index, (file, _) in enumerate(self.slots):
            found.setdefault(file, []).append(index)
        return found


class Partitioner:
    """Cut the fresh articles of files, given in reading order, into partitions of at most
    ``articles_per_partition``; a file's last few articles wait for the next file's."""

    def __init__(self, *, articles_per_partition: int = ARTICLES_PER_PARTITION) -> None:
        if isinstance(articles_per_partition, bool) or not isinstance(articles_per_partition, int):
            raise TypeError(f"articles_per_partition must be an int, got {articles_per_partition!r} "
                            f"of type {type(articles_per_partition).__name__}")
        if articles_per_partition < 1:
            raise ValueError(f"articles_per_partition must be at least 1, got {articles_per_partition}")
        self.articles_per_partition = articles_per_partition
        self._articles: list[Article] = []
        self._slots: list[Slot] = []
        self._count = 0

    @property
    def waiting(self) -> int:
        """Articles given but not yet in a partition."""
        return len(self._articles)

    def add(self, file: int, articles: list[Article]) -> list[Partition]:
        """Take file number ``file``'s ``articles``; the partitions now full."""
        full = []
        for index, article in enumerate(articles):
            self._articles.append(article)
            self._slots.append((file, index))
            if len(self._articles) == self.articles_per_partition:
                full.append(self._cut())
        return full

    def flush(self) -> list[Partition]:
        """The articles still waiting, as one last partition (none if nothing waits)."""
        return [self._cut()] if self._articles else []

    def _cut(self) -> Partition:
        partition = Partition(self._count, tuple(self._articles), tuple(self._slots))
        self._count += 1
        self._articles, self._slots = [], []
        return partition


def lost_articles(path: str, articles: list[Article], reason: str) -> IngestProblem:
    """The problem of a file's ``articles`` (one partition's) that no worker extracted: names
    the file, how many, and the first and last as their sources name them within the file
    (``#2 to #201``: rows of a collection; nothing more for a one-article .txt file)."""
    within = [a.source[len(path):].strip() if a.source.startswith(path) else a.source
              for a in (articles[0], articles[-1])]
    span = within[0] if len(articles) == 1 or within[0] == within[1] else f"{within[0]} to {within[1]}"
    return IngestProblem(path, f"{len(articles)} article(s){f' ({span})' if span else ''} not extracted: "
                               f"{reason}; skipped")
