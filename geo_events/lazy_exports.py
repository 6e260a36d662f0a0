"""A package's public names imported on first use (PEP 562), so importing the package costs little.

    >>> import types
    >>> package = types.ModuleType("demo")
    >>> package.__getattr__, package.__dir__ = lazy_names("demo", {"sqrt": "math"})
    >>> import sys; sys.modules["demo"] = package
    >>> package.sqrt(9.0), package.__dir__()
    (3.0, ['sqrt'])
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: each name of ``exports`` (name ->
    the module defining it) is imported when first asked for, then kept as a plain attribute."""
    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # once imported, a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted(getattr(sys.modules[package], "__all__", exports))

    return __getattr__, __dir__
