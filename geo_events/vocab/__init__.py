"""Vocabularies: word lists written once, as data, with one loader.

    >>> from geo_events import vocab
    >>> sorted(vocab.area_words("cardinal"))
    ['east', 'north', 'south', 'west']
    >>> vocab.inter_code("Civilians"), vocab.interaction_code(1, 7)
    (7, 17)
"""

from __future__ import annotations

from .actor_types import inter_code, inter_name, interaction_code
from .people import PersonNames, is_common_word
from .table_columns import TABLE_FIELDS, fold_column_name, table_column_names
from .words import (abbreviations, area_words, civic_words, connector_words, function_words,
                    area_after_words, locative_words, months, not_place_words, number_words, ordered_place_types,
                    organisation_words, place_kinds, place_types, sentence_abbreviations,
                    time_units, titles, weekdays)

__all__ = ['inter_code', 'inter_name', 'interaction_code', 'PersonNames', 'is_common_word', 'abbreviations',
           'area_after_words', 'area_words', 'civic_words', 'connector_words', 'function_words', 'locative_words',
           'months', 'not_place_words', 'number_words', 'ordered_place_types',
           'organisation_words', 'place_kinds', 'place_types', 'sentence_abbreviations',
           'time_units', 'titles', 'weekdays', 'TABLE_FIELDS', 'fold_column_name', 'table_column_names']
