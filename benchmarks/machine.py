"""What every benchmark does with the machine: run on one CPU, so figures are one-core figures."""

from __future__ import annotations

import os

__all__ = ["pin_one_core"]


def pin_one_core() -> str:
    """Run on one CPU (Linux), so rates are one-core figures; says which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"
