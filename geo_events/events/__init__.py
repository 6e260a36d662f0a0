"""Events: triggers, actors, casualties and dates of each clause, placed; duplicate reports merged."""

from __future__ import annotations

from .actors import ActorMatch, Casualties, count_casualties, find_actors
from .annotate import annotate
from .dedup import merge_duplicates
from .extract import extract_events
from .roles import Roles, assign_roles
from .triggers import TriggerMatch, best_trigger

__all__ = ['annotate', 'extract_events', 'TriggerMatch', 'best_trigger', 'ActorMatch', 'Casualties',
           'find_actors', 'assign_roles', 'Roles', 'count_casualties', 'merge_duplicates']
