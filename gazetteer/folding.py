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
import unicodedata

__all__ = ["fold_name", "fold_spelling", "fold_keys", "ARTICLE_TOKENS"]

#: Arabic definite-article forms, as separate tokens ("al-Zour", "ez Zor").
ARTICLE_TOKENS = frozenset(
    {"al", "el", "il", "ul", "ad", "ed", "ar", "er", "as", "es", "ash", "esh",
     "az", "ez", "at", "et", "ath", "an", "en", "adh"}
)

# Marks that transliterations write for 'ayn and hamza, and apostrophes.
_MARKS = dict.fromkeys(map(ord, "ʿʾʻʼ‘’'`´′"), None)
_TOKEN_SPLIT = re.compile(r"[^0-9a-zA-Z\u00C0-\uFFFF]+|_")
# An article assimilated and glued to the next word: "Ezzor", "Arraqqa".
_GLUED_ARTICLE = re.compile(r"^[ae](?=([dnrstz])\1)")
# Prefixes of the Abu Kamal kind: "Albu Kamal", "Abu Kamal", "Al-Bukamal".
_BU_TOKENS = frozenset({"abu", "albu", "abou", "albou"})
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("dh", "z"), ("th", "t"), ("ph", "f"), ("q", "k"))
# Vowels (and the semivowels y/w) are where transliterations disagree most
# (Kirkuk/Kerkuk, Deir/Dayr, Zour/Zawr): they all become one vowel sign.
_VOWELS = str.maketrans(dict.fromkeys("eiouyw", "a"))
# The repeats of a letter (an empty replacement is far cheaper than a "\\1" template).
_DOUBLES = re.compile(r"(?<=([a-z]))\1+")
# Raqqah/Raqqa, Hawijah/Hawija: a final -h after a vowel is a spelling habit.
_SPELLING_VOWELS = frozenset("aeiou")
# A loose key shorter than this says too little; the spelling is kept instead.
_MIN_LOOSE_CHARS = 2


def _strip_marks(name: str) -> str:
    if name.isascii():  # most names: nothing to decompose
        return name.translate(_MARKS)
    decomposed = unicodedata.normalize("NFKD", name.translate(_MARKS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _tokens(name: str) -> list[str]:
    if name.isascii() and name.isalnum():  # one plain word, most names: nothing to split or drop
        return [name.lower()]
    tokens = [t for t in _TOKEN_SPLIT.split(_strip_marks(name).casefold()) if t]
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
