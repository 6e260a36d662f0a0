"""Text: one document per article, split once into sentences and tokens; dates and numbers in it."""

from __future__ import annotations

from .sentences import sentence_spans
from .dates import TimeRef, TimeOffset, find_dates, find_offsets

__all__ = ['sentence_spans', 'TimeRef', 'TimeOffset', 'find_dates', 'find_offsets']
