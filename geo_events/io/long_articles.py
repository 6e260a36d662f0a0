r"""The per-article size limit: a text longer than :data:`MAX_ARTICLE_CHARS` is read in parts.

    >>> from geo_events.models import Article
    >>> long = Article("a1", "report.txt", "Raids near Raqqa.\n\n" * 4, title="Raids")
    >>> parts, note = split_long_article(long, max_chars=40)
    >>> [(p.source, p.text) for p in parts]
    [('report.txt (part 1 of 2)', 'Raids near Raqqa.\n\nRaids near Raqqa.'), ('report.txt (part 2 of 2)', 'Raids near Raqqa.\n\nRaids near Raqqa.')]
    >>> print(note)
    report.txt: 76 characters is over the 40-character article limit: read as 2 parts, split at paragraph breaks

Nothing is cut away: the parts together hold the whole text. Each part is
cut at the last paragraph break before the limit, else the last line
break, else the last sentence end, else the last space, else at the limit
itself, and is then an article of its own (same date, title and URL, its
own id), so one huge input costs what several normal ones do. Splitting is
linear in the length of the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from geo_events.models import Article, IngestProblem

__all__ = ["split_long_article", "MAX_ARTICLE_CHARS"]

#: Longest article read whole, in characters (a long news article is 5,000 to 50,000).
MAX_ARTICLE_CHARS = 200_000
#: Where a part may end, best first, and how the note names it.
_CUTS = (("\n\n", "paragraph breaks"), ("\n", "line breaks"), (". ", "sentence ends"), (" ", "spaces"))


def split_long_article(article: Article, *, max_chars: int = MAX_ARTICLE_CHARS,
                       ) -> tuple[list[Article], IngestProblem | None]:
    """``([article], None)`` when it is within ``max_chars``; else its parts and a note saying so."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    text = article.text
    if len(text) <= max_chars:
        return [article], None
    pieces, kinds = [], set()
    start = 0
    while len(text) - start > max_chars:
        end, kind = _cut(text, start, start + max_chars)
        pieces.append(text[start:end].strip())
        kinds.add(kind)
        start = end
    pieces.append(text[start:].strip())
    pieces = [p for p in pieces if p]
    total = len(pieces)
    parts = [replace(article, article_id=hashlib.sha256(f"{article.article_id}:{n}".encode()).hexdigest()[:16],
                     source=f"{article.source} (part {n} of {total})", text=piece, raw=piece,
                     title=f"{article.title} ({n}/{total})" if article.title else "")
             for n, piece in enumerate(pieces, start=1)]
    how = " and ".join(name for name in (*(name for _, name in _CUTS), "the limit") if name in kinds)
    return parts, IngestProblem(article.source, f"{len(text):,} characters is over the {max_chars:,}-character "
                                                f"article limit: read as {total} parts, split at {how}", kept=True)


def _cut(text: str, start: int, limit: int) -> tuple[int, str]:
    """Where the part from ``start`` ends: after the best break in its second half."""
    floor = start + (limit - start) // 2
    for mark, name in _CUTS:
        at = text.rfind(mark, floor, limit)
        if at >= 0:
            return at + len(mark), name
    return limit, "the limit"
