"""One unit of work at a time: each succeeds or becomes a problem naming it, within a deadline.

    >>> from geo_events.errors import UserInputError
    >>> def count(cell):
    ...     if not cell.isdigit():
    ...         raise UserInputError(f"{cell!r} is not a count")
    ...     return int(cell)
    >>> outcomes = list(each_unit(["2", "x", "5"], count, name=lambda cell: f"cell {cell}"))
    >>> [o.value for o in outcomes]
    [2, None, 5]
    >>> print(outcomes[1].problem.source, "|", outcomes[1].problem.message)
    cell x | 'x' is not a count

A unit is a line of ``geoparse``, a row of a table, an article, a file or an
upload member. Every loop over units in the command line, ``ingest``, the
uploads and the page runs its work through :func:`each_unit` (or
:func:`run_unit` for one), so a unit that fails cannot stop the others and
is never dropped without a line saying why:

- a :class:`~geo_events.errors.GeoEventsError` is an expected refusal
  (unreadable file, bad row): its message is the problem;
- any other exception (a ``RecursionError`` on absurd nesting, a bug) is an
  internal error: the problem says so, and the traceback is logged at
  ``INFO`` (``-v``) for a bug report;
- work that runs past ``deadline_seconds`` is stopped at its next
  :func:`check_deadline` (the stages call it once per sentence and per
  mention, so the check is cheap and the overrun small) and becomes a problem.

``KeyboardInterrupt`` and ``SystemExit`` still stop the run. Problems are
returned, not logged here: whoever shows them (the command line, the page)
shows each once.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from .errors import DeadlineError, GeoEventsError
from .models import IngestProblem

__all__ = ["each_unit", "run_unit", "partition", "Outcome", "deadline", "check_deadline", "DEADLINE_SECONDS"]

log = logging.getLogger(__name__)

T = TypeVar("T")
U = TypeVar("U")

#: Default time one unit (an article, a line) may take before it is stopped, in seconds.
#: Work is linear in the text and texts are size-limited, so a unit normally
#: takes well under a second; this only catches what nothing else did.
DEADLINE_SECONDS = 60.0

#: ``time.monotonic()`` value past which :func:`check_deadline` raises (``None``: no deadline).
_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "geo_events_deadline", default=None)


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """What one unit gave: its ``value``, or the ``problem`` that stopped it."""

    unit: str
    value: T | None = None
    problem: IngestProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Within this block, :func:`check_deadline` raises once ``seconds`` have passed
    (``None``: never). Blocks nest; the inner deadline applies inside it. The deadline is
    a context variable, so each thread (a page's script run) has its own."""
    token = _DEADLINE.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_deadline() -> None:
    """Raise :class:`~geo_events.errors.DeadlineError` if the current unit's deadline has
    passed; a no-op outside :func:`deadline`. Cheap: call it once per sentence or mention."""
    current = _DEADLINE.get()
    if current is not None and time.monotonic() > current[0]:
        raise DeadlineError(f"stopped after {current[1]:g} s (the per-item deadline); skipped")


def run_unit(unit: str, work: Callable[[], T], *,
             deadline_seconds: float | None = DEADLINE_SECONDS) -> Outcome[T]:
    """Run ``work()`` as the unit named ``unit``; never raises (but for ``KeyboardInterrupt``
    and ``SystemExit``): an exception becomes the outcome's problem."""
    try:
        with deadline(deadline_seconds):
            return Outcome(unit, value=work())
    except GeoEventsError as err:
        return Outcome(unit, problem=IngestProblem(unit, str(err)))
    except RecursionError:
        return Outcome(unit, problem=IngestProblem(unit, "nested too deeply to read; skipped"))
    except MemoryError:
        return Outcome(unit, problem=IngestProblem(unit, "too large to hold in memory; skipped"))
    except Exception as err:  # noqa: BLE001 - the point: one unit's bug never stops the batch
        log.info("%s: internal error", unit, exc_info=True)
        return Outcome(unit, problem=IngestProblem(
            unit, f"internal error ({type(err).__name__}: {_short(err)}); skipped, please report it"))


def each_unit(items: Iterable[U], work: Callable[[U], T], *, name: Callable[[U], str],
              deadline_seconds: float | None = DEADLINE_SECONDS) -> Iterator[Outcome[T]]:
    """:func:`run_unit` of ``work(item)`` for each item, in order, named ``name(item)``."""
    for item in items:
        yield run_unit(name(item), lambda: work(item), deadline_seconds=deadline_seconds)


def partition(outcomes: Iterable[Outcome[T]]) -> tuple[list[T], list[IngestProblem]]:
    """The values of the units that succeeded and the problems of those that did not, in order."""
    values: list[T] = []
    problems: list[IngestProblem] = []
    for outcome in outcomes:
        if outcome.problem is not None:
            problems.append(outcome.problem)
        else:
            values.append(outcome.value)
    return values, problems


def _short(err: BaseException, *, max_chars: int = 200) -> str:
    text = str(err)
    return text if len(text) <= max_chars else text[:max_chars - 1] + "…"
