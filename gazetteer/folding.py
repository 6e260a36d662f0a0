"""Fold place names so that transliteration variants share one lookup key.

    >>> from gazetteer.folding import fold_name
    >>> fold_name("Deir al-Zour") == fold_name("Dayr az-Zawr") == fold_name("Deir ez-Zor")
    True

The key is not meant to be read: it drops diacritics, case, spacing and
punctuation, Arabic article prefixes (al-, el-, ar-, az-, ...) and merges the
letter alternations that English-language transliterations of Arabic and
Kurdish names disagree on (vowels, q/k, kh/k, dh/z, doubled letters, a final
-h). Names that differ in their consonants stay apart.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

__all__ = ["fold_name", "fold_spelling", "fold_keys", "fold_keys_many", "ARTICLE_TOKENS"]

#: Arabic definite-article forms, as separate tokens ("al-Zour", "ez Zor").
ARTICLE_TOKENS = frozenset(
    {"al", "el", "il", "ul", "ad", "ed", "ar", "er", "as", "es", "ash", "esh",
     "az", "ez", "at", "et", "ath", "an", "en", "adh"}
)

# Marks that transliterations write for 'ayn and hamza, and apostrophes.
_MARKS = dict.fromkeys(map(ord, "ʿʾʻʼ‘’'`´′"), None)
# Tokens are runs of letters and digits of the Basic Multilingual Plane ("_" is not one).
_TOKEN_CHARS = "0-9a-zA-Z\u00C0-\uFFFF"
_TOKEN_SPLIT = re.compile(f"[^{_TOKEN_CHARS}]+")
# An article assimilated and glued to the next word: "Ezzor", "Arraqqa".
_GLUED_LETTERS = "dnrstz"
_GLUED_ARTICLE = re.compile(rf"^[ae](?=([{_GLUED_LETTERS}])\1)")
# Prefixes of the Abu Kamal kind: "Albu Kamal", "Abu Kamal", "Al-Bukamal".
_BU_TOKENS = frozenset({"abu", "albu", "abou", "albou"})
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("dh", "z"), ("th", "t"), ("ph", "f"), ("q", "k"))
# Vowels (and the semivowels y/w) are where transliterations disagree most
# (Kirkuk/Kerkuk, Deir/Dayr, Zour/Zawr): they all become one vowel sign.
_VOWEL_LETTERS = "eiouyw"
_VOWELS = str.maketrans(dict.fromkeys(_VOWEL_LETTERS, "a"))
# The repeats of a letter (an empty replacement is far cheaper than a "\\1" template).
_DOUBLES = re.compile(r"(?<=([a-z]))\1+")
# Raqqah/Raqqa, Hawijah/Hawija: a final -h after a vowel is a spelling habit.
_SPELLING_VOWELS = frozenset("aeiou")
# A loose key shorter than this says too little; the spelling is kept instead.
_MIN_LOOSE_CHARS = 2


def _strip_marks(name: str) -> str:
    if name.isascii():  # most names: nothing to decompose
        return name.translate(_MARKS)
    return unicodedata.normalize("NFKD", name.translate(_MARKS)).translate(_combining_marks())


@functools.cache
def _combining_marks() -> dict[int, None]:
    """Every combining character (a ``str.translate`` table deleting them; 912 of them, 0.05 s)."""
    return dict.fromkeys(code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code)))


def _prepared(name: str) -> str:
    """``name`` without marks, case-folded: what its tokens are split from."""
    return name.translate(_MARKS).lower() if name.isascii() else _strip_marks(name).casefold()


def _tokens(name: str) -> list[str]:
    if name.isascii() and name.isalnum():  # one plain word, most names: nothing to split or drop
        return [name.lower()]
    tokens = [t for t in _TOKEN_SPLIT.split(_prepared(name)) if t]
    if len(tokens) > 1:
        # Articles only count as articles when a name follows them.
        tokens = [t for t in tokens[:-1] if t not in ARTICLE_TOKENS] + tokens[-1:]
    if len(tokens) > 1 and tokens[0] in _BU_TOKENS:
        tokens = ["bu", *tokens[1:]]
    return [tokens[0], *(_GLUED_ARTICLE.sub("", t) if t[0] in "ae" else t for t in tokens[1:])] \
        if tokens else []


def _respell(key: str) -> str:
    for old, new in _DIGRAPHS:
        key = key.replace(old, new)
    key = _DOUBLES.sub("", key.translate(_VOWELS))
    return key[:-1] if key.endswith("ah") else key


def _without_final_h(spelled: str) -> str:
    return spelled[:-1] if spelled[-2:-1] in _SPELLING_VOWELS and spelled[-1] == "h" else spelled


def _check(name: object) -> None:
    if not isinstance(name, str):
        raise TypeError(f"name must be str, got {name!r} of type {type(name).__name__}")


def fold_spelling(name: str) -> str:
    """A lighter key that keeps the spelling: only marks, case, spacing and articles go.

    Two names with the same :func:`fold_name` key but different spelling keys
    are merely alike ("Daraa" and "Darayya"); the same spelling key means the
    text wrote one of the place's recorded names (give or take a final -h).

    >>> fold_spelling("Dar'a") == fold_spelling("Dar‘ā") != fold_spelling("Darayya")
    True
    """
    _check(name)
    return _spelling_key(name)


def fold_name(name: str) -> str:
    """Return the lookup key of ``name``; an empty string when nothing is left.

    >>> fold_name("Ar Raqqah") == fold_name("Raqqa") == fold_name("Rakka")
    True
    >>> fold_name("Homs") == fold_name("Hama")
    False
    >>> fold_name("Iowa"), fold_name("UAE")
    ('iowa', 'uae')
    """
    _check(name)
    return _loose_key(name)


def fold_keys(name: str) -> tuple[str, str]:
    """``(fold_name(name), fold_spelling(name))`` from one pass over ``name``, uncached.

    For building an index, where each of a million names is folded once:
    the tokens are split once for both keys, and no cache is filled.

    >>> fold_keys("Ar Raqqah") == (fold_name("Ar Raqqah"), fold_spelling("Ar Raqqah"))
    True
    """
    _check(name)
    spelled = "".join(_tokens(name))
    return _loose_of(spelled), _without_final_h(spelled)


def _loose_of(spelled: str) -> str:
    key = _respell(spelled)
    # Names of vowels and semivowels alone collapse to one letter ("Iowa", "UAE"):
    # they keep their spelling instead, or they could never be found.
    return key if len(key) >= _MIN_LOOSE_CHARS else spelled


# Text repeats its names (and recognition folds every capitalised run), so
# both keys are remembered: about 200 bytes a name.
@functools.lru_cache(maxsize=200_000)
def _spelling_key(name: str) -> str:
    return _without_final_h("".join(_tokens(name)))


@functools.lru_cache(maxsize=200_000)
def _loose_key(name: str) -> str:
    return _loose_of("".join(_tokens(name)))


def fold_keys_many(names: list[str]) -> tuple[list[str], list[str]]:
    """:func:`fold_keys` of each of ``names``: their loose keys, and their spelling keys.

    For an index's million names. Each name is prepared here (marks off,
    case folded); the splitting and respelling are then done to all of them
    at once by Arrow's string kernels, the same steps written as
    whole-column replacements: half the time of a name at a time.

    >>> fold_keys_many(["Ar Raqqah", "Dayr az-Zawr", "Dar‘ā"])
    (['raka', 'darzar', 'dara'], ['raqqa', 'dayrzawr', 'dara'])
    """
    prepared = []
    for name in names:
        _check(name)
        prepared.append(_prepared(name))
    try:
        return _fold_prepared(prepared)
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8: a name at a time, then
        keys = [fold_keys(name) for name in names]
        return [key for key, _ in keys], [spelling for _, spelling in keys]


def _fold_prepared(prepared: list[str]) -> tuple[list[str], list[str]]:
    """The keys of :func:`_prepared` names: ``_tokens`` and ``_loose_of`` as column operations."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def sub(column, pattern: str, replacement: str):
        return pc.replace_substring_regex(column, pattern=pattern, replacement=replacement)

    column = pa.array(prepared, pa.string())
    # One space between tokens, none around them: the tokens are what _TOKEN_SPLIT leaves.
    token_chars = _TOKEN_CHARS.replace("\u00C0", "\\x{00C0}").replace("\uFFFF", "\\x{FFFF}")
    column = pc.utf8_trim(sub(column, f"[^{token_chars}]+", " "), " ")
    # An article followed by another token goes; a run of articles takes a pass each.
    article = f"(^| )(?:{'|'.join(sorted(ARTICLE_TOKENS, key=len, reverse=True))}) "
    with_article = pc.match_substring_regex(column, article)
    rows = column.filter(with_article)
    while not (shorter := sub(rows, article, r"\1")).equals(rows):
        rows = shorter
    column = pc.replace_with_mask(column, with_article, rows)
    column = sub(column, f"^(?:{'|'.join(sorted(_BU_TOKENS))}) ", "bu ")
    doubled = "|".join(letter * 2 for letter in _GLUED_LETTERS)
    column = sub(column, f" [ae]({doubled})", r" \1")
    spelled = pc.replace_substring(column, " ", "")
    spelling = _without_last(spelled, [f"{vowel}h" for vowel in sorted(_SPELLING_VOWELS)])
    key = spelled
    for old, new in _DIGRAPHS:
        key = pc.replace_substring(key, old, new)
    for vowel in _VOWEL_LETTERS:
        key = pc.replace_substring(key, vowel, "a")
    key = _without_repeats(key)
    key = _without_last(key, ["ah"])
    loose = pc.if_else(pc.less(pc.utf8_length(key), _MIN_LOOSE_CHARS), spelled, key)
    return loose.to_pylist(), spelling.to_pylist()


def _without_repeats(column):
    """``_DOUBLES`` for a column: RE2 has no back-references, so a group per letter."""
    import pyarrow.compute as pc

    letters = "abcdefghijklmnopqrstuvwxyz"
    repeated = pc.match_substring_regex(column, "|".join(letter * 2 for letter in letters))
    rows = column.filter(repeated)  # the few with a repeat: the grouped patterns are slow
    for start in range(0, len(letters), 9):  # RE2 replacements name groups 1-9 only
        chunk = letters[start:start + 9]
        rows = pc.replace_substring_regex(
            rows, pattern="|".join(f"({letter}){letter}+" for letter in chunk),
            replacement="".join(f"\\{group}" for group in range(1, len(chunk) + 1)))
    return pc.replace_with_mask(column, repeated, rows)


def _without_last(column, endings: list[str]):
    """``column`` with the last letter cut from the values that end with one of ``endings``."""
    import pyarrow.compute as pc

    ending = pc.ends_with(column, endings[0])
    for other in endings[1:]:
        ending = pc.or_(ending, pc.ends_with(column, other))
    return pc.if_else(ending, pc.utf8_slice_codeunits(column, 0, -1), column)
