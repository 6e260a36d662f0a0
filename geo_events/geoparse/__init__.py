"""Places: recognise place names in text, then resolve each to a gazetteer place in context."""

from __future__ import annotations

from .cues import MentionCue, mention_cues
from .namesakes import Namesake, namesake_names
from .ranking import DocumentContext, explain_candidates, rank_candidates
from .recognize import PlaceFinder
from .resolve import Resolver

__all__ = ['PlaceFinder', 'Resolver', 'DocumentContext', 'rank_candidates', 'explain_candidates',
           'MentionCue', 'mention_cues', 'Namesake', 'namesake_names']
