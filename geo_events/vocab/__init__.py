"""Vocabularies: word lists written once, as data, with one loader."""

from __future__ import annotations

from .people import PersonNames, is_common_word

__all__ = ['PersonNames', 'is_common_word']
