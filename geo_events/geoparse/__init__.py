"""Places: recognise place names in text, then resolve each to a gazetteer place in context."""

from __future__ import annotations

from .recognize import PlaceFinder
from .resolve import Resolver
from .ranking import DocumentContext, explain_candidates, rank_candidates
from .cues import MentionCue, mention_cues
from .namesakes import Namesake, namesake_names

__all__ = ['PlaceFinder', 'Resolver', 'DocumentContext', 'rank_candidates', 'explain_candidates',
           'MentionCue', 'mention_cues', 'Namesake', 'namesake_names']
