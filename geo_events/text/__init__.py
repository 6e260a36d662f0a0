"""Text: one document per article, split once into sentences and tokens; dates and numbers in it."""

from __future__ import annotations

from .dates import TimeOffset, TimeRef, find_dates, find_offsets
from .document import Clause, Document, Span, Token
from .sentences import paragraph_breaks, sentence_spans

__all__ = ['Document', 'Token', 'Clause', 'Span', 'sentence_spans', 'paragraph_breaks', 'TimeRef',
           'TimeOffset', 'find_dates', 'find_offsets']
