"""Map elements whose rendered text goes into the page as it is, never through Jinja again.

    >>> import folium
    >>> fmap = folium.Map(tiles=None)
    >>> _ = fmap.get_root().html.add_child(LiteralText("<p>{{ 6*7 }}</p>"))
    >>> "{{ 6*7 }}" in fmap.get_root().render()
    True

branca's ``MacroElement.render`` puts each rendered part (header, HTML,
script) into the page as ``Element(text)``, and ``Element`` compiles its text
as a Jinja template, which the page's render then runs. So text that came
from data, an article's sentence in a popup, a place name, is evaluated as
template code when the whole map is rendered (the "Map as HTML" download):
``{{ 6*7 }}`` in an article became ``42`` there, and Jinja expressions reach
Python objects. The compile also lexes every byte of the layer's JSON on each
rerun (a fifth of a second for 5,000 places). :class:`LiteralMacroElement`
renders its template's macros once, with the data as values, and adds the
text as :class:`LiteralText`, which renders to itself.
"""

from __future__ import annotations

import json

from branca.element import Element, Figure, MacroElement
from markupsafe import Markup

__all__ = ["LiteralText", "LiteralMacroElement", "script_json"]


class LiteralText(Element):
    """Text already rendered, put into a page as it is (no template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "LiteralText"
        self.text = str(text)

    def render(self, **kwargs) -> str:
        return self.text


class LiteralMacroElement(MacroElement):
    """A ``MacroElement`` whose ``header``, ``html`` and ``script`` macros are rendered once
    and added to the page as :class:`LiteralText` (branca compiles them as templates)."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} can only be rendered inside a Figure, not {type(figure).__name__}")
        macros = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = macros.get(part)
            if macro is not None:
                target.add_child(LiteralText(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def script_json(value: object) -> Markup:
    """``value`` as compact JSON safe inside a ``<script>``: ``<``, ``>``, ``&`` and ``'``
    written as ``\\u`` escapes, as Jinja's ``tojson`` does, so no text can end the script;
    other characters as UTF-8 (a third fewer bytes than ``\\u`` escapes). Serialised once,
    put in a template as it is."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, escaped)
    return Markup(text)
