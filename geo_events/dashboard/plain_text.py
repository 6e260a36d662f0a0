r"""Untrusted text (file names, cell values, messages quoting them) shown by Streamlit as written.

    >>> print(literal_markdown("[x](javascript:alert(1)) **b** <b>c</b> :red[d]"))
    \[x\]\(javascript\:alert\(1\)\) \*\*b\*\* \<b\>c\<\/b\> \:red\[d\]

``st.warning``, ``st.error``, ``st.caption`` and a progress bar's text all
render Markdown (links, images, emphasis, colours such as ``:red[...]``,
emoji shortcodes, ``$`` maths), so a file called ``![x](http://tracker)``
would load an image. CommonMark lets a backslash escape any ASCII
punctuation: every one is escaped, so each character shows as itself. Line
breaks become spaces and the text is cut to ``max_chars``. Linear in the
length of the text.
"""

from __future__ import annotations

import re

__all__ = ["literal_markdown"]

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def literal_markdown(text: str, *, max_chars: int = 500) -> str:
    """``text`` as Markdown that shows it literally (see the module docstring)."""
    text = _LINE_BREAKS.sub(" ", str(text))
    if len(text) > max_chars:
        text = text[:max_chars - 1] + "…"
    return _PUNCTUATION.sub(r"\\\1", text)
