"""Who did what to whom: actor1 (the agent), actor2 (the target), their associates and
ACLED types, and the sub-event distinctions that depend on them.

    >>> from geo_events.events.actors import find_actors
    >>> from geo_events.events.triggers import best_trigger
    >>> text = "Two SDF members were shot dead by unidentified gunmen near Hajin."
    >>> roles = assign_roles(text, find_actors(text), best_trigger(text), (0, len(text)))
    >>> roles.actor1, roles.actor2, roles.interaction
    ('Unidentified armed group', 'Syrian Democratic Forces (SDF)', 23)

The patterns, each a general construction of news and event notes:

- **passive voice**: "X members were arrested (by Y)": X, before a trigger
  after "was"/"were"/"been", is the target; the agent is whoever comes after
  "by", "at the hands of", "carried out by" (or nobody);
- **victims named as members**: "members of X", "X fighters / members /
  operatives / suspects ..." after a trigger are its targets; before a passive
  trigger too;
- **active voice**: the agent is the nearest actor before the trigger, the
  target the first other actor after it; "clashes between X and Y" (a clash
  named as a noun) has X as actor1 and Y as actor2;
- **a pronoun subject** ("they seized ...") is the previous sentence's agent;
- **civilians** are never actor1 of violence: they are its target (actor2
  ``Civilians``, the group named, "Farmers", as ``assoc_actor_2``); violence
  against civilians always has them as actor2;
- **demonstrations**: actor1 is ``Protesters`` (``Rioters`` for riots), the
  group that demonstrates ("teachers", "employees") ``assoc_actor_1``, the force
  that intervenes actor2;
- **joined subjects** ("Malian soldiers and Wagner fighters"): the first is
  actor1, the second ``assoc_actor_1`` (both sides of a clash or an agreement);
- **no perpetrator named** for a bomb, an attack or an abduction:
  :data:`UNIDENTIFIED`, as ACLED codes it.

:func:`refine_type` then makes the distinctions ACLED draws by who is involved:
a battle whose only target is civilians is an attack on civilians; an "arrest"
by an armed group that holds no authority (unidentified gunmen) is an
abduction; territory taken by state or external forces is regained, by others
overtaken. :func:`placed_roles` names state forces told without their state
after the country the event is placed in, and makes a state's forces outside
it external forces (inter 8).

Linear in the actors given (one sentence's) for each trigger.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from geo_events import vocab
from geo_events.models import ActorMatch, TriggerMatch

__all__ = ["Roles", "assign_roles", "refine_type", "placed_roles", "UNIDENTIFIED", "UNARMED_TYPES",
           "REGAINING_TYPES"]

_CIVILIANS = "Civilians"
#: A trigger in the passive voice: "were arrested", "was reportedly shot dead".
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|got|is|are)\s+(?:[a-z]+ly\s+)?$", re.IGNORECASE)
#: Words that introduce the agent of a passive verb, right before an actor.
_AGENT_BEFORE = re.compile(r"\b(?:by|at the hands of|carried out by|claimed by|launched by|"
                           r"conducted by|perpetrated by|blamed on|attributed to)\s+(?:the\s+|an?\s+)?"
                           r"(?:[a-z]+\s+)?$", re.IGNORECASE)  # one word between: "by the terrorist Daesh gangs"
#: A pronoun or a bare group word as the subject right before the trigger.
_PRONOUN_BEFORE = re.compile(r"(?:^|[\s,;])(?:they|it|the group|the militants|the fighters|the attackers)\s+"
                             r"(?:[a-z]+ly\s+)?(?:had\s+|have\s+|has\s+)?$", re.IGNORECASE)
#: A clash named as a noun: both sides may come after it ("clashes between X and Y").
_NOUN_CLASH = re.compile(r"clash(?:es)?|fighting|battles?|gun ?battles?|firefights?|skirmish(?:es)?|"
                         r"exchange", re.IGNORECASE)
_DEMONSTRATION = {"Protests": "Protesters", "Riots": "Rioters"}
#: Between two actors that act together: "X and Y", "X, backed by Y", "X alongside Y".
_JOINED = re.compile(r"\s*(?:,\s*)?(?:and(?: the)?|together with(?: the)?|alongside(?: the)?|with(?: the)?|"
                     r"(?:backed|supported|assisted|aided) by(?: the)?|,)\s+", re.IGNORECASE)
#: Sub-event types whose two joined subjects are the two sides ("X and Y clashed", "agreed").
_SYMMETRIC = frozenset({"Armed clash", "Agreement"})
#: Sub-event types ACLED gives an unidentified armed group when the text names no perpetrator.
UNIDENTIFIED_BY_DEFAULT = frozenset({"Remote explosive/landmine/IED", "Grenade", "Suicide bomb",
                                      "Abduction/forced disappearance", "Attack", "Sexual violence"})
#: The actor ACLED names when the text names no perpetrator.
UNIDENTIFIED = "Unidentified armed group"
#: State forces named without their state, and how ACLED names a state's.
_UNPLACED_STATE = {"Government forces": "Military Forces of {country}",
                   "Police forces": "Police Forces of {country}"}
_TERRITORIAL = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
#: Actor types that regain territory (state forces and their external allies); others overtake it.
REGAINING_TYPES = frozenset({"State forces", "External/Other forces"})
_DEMONSTRATOR_TYPES = frozenset({"Protesters", "Rioters"})
#: Actor types that are never the armed side of an event (nor a pronoun's antecedent, nor a claimant).
UNARMED_TYPES = frozenset({"Civilians", *_DEMONSTRATOR_TYPES})
#: Actor types with authority to arrest (ACLED: state forces, or a group governing the area).
_ARREST_AUTHORITY = frozenset({"State forces", "Rebel groups", "External/Other forces"})


@dataclass(frozen=True, slots=True)
class Roles:
    """ACLED's actor columns of one event."""

    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int = 0
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int = 0
    #: ISO codes of the states whose forces actor1 / actor2 are ("" for others).
    home1: str = ""
    home2: str = ""

    @property
    def interaction(self) -> int:
        return vocab.interaction_code(self.inter1, self.inter2)



def assign_roles(text: str, actors: Sequence[ActorMatch], trigger: TriggerMatch,
                 clause: tuple[int, int], *, passive_before: int | None = None,
                 previous_agent: ActorMatch | None = None) -> Roles:
    """The roles of the event ``trigger`` reports, from ``actors`` (its sentence's, in
    text order); ``clause``: its clause's ``(start, end)``; ``passive_before``: how far
    after the trigger a "by <agent>" may stand (default: the clause's end);
    ``previous_agent``: the previous sentence's agent, for a pronoun subject."""
    limit = clause[1] if passive_before is None else passive_before
    distinct = _distinct(actors)
    people = [a for a in distinct if a.inter == "Civilians"]
    armed = [a for a in distinct if a.inter not in UNARMED_TYPES]
    if trigger.event_type in _DEMONSTRATION:
        return _demonstration_roles(trigger, distinct, people, armed)
    passive = bool(_PASSIVE_BEFORE.search(text, max(0, trigger.start - 30), trigger.start))
    agent = next((a for a in armed if trigger.start < a.start < limit and _AGENT_BEFORE.search(
        text, max(0, a.start - 20), a.start)), None)
    targets = [a for a in armed if a is not agent and (
        a.start > trigger.start or (passive and a.start < trigger.start))]
    assoc1 = ""
    if agent is None and not passive:
        before = [a for a in armed if a.start < trigger.start and a not in targets]
        if before:
            agent = before[-1]
            partner = _coordinated(text, before)
            if partner is not None:  # "X and Y attacked": X acts, with Y (or against Y: "X and Y clashed")
                if trigger.sub_event_type in _SYMMETRIC:
                    targets.insert(0, agent)
                else:
                    assoc1 = agent.actor
                agent = partner
        elif previous_agent is not None and _PRONOUN_BEFORE.search(text, max(0, trigger.start - 40),
                                                                     trigger.start):
            agent = previous_agent
        elif _NOUN_CLASH.fullmatch(text[trigger.start:trigger.end]) and targets:
            agent = targets.pop(0)
    targets = [a for a in targets if agent is None or a.actor != agent.actor]
    if agent is None and not passive and people and trigger.event_type == "Violence against civilians":
        # "a man died under torture in a regime prison": the armed actor named is the perpetrator
        agent = next((a for a in targets if a.start > trigger.start), None)
        targets = [a for a in targets if a is not agent]
    target = min(targets, key=lambda a: (a.start < trigger.start, abs(a.start - trigger.start)), default=None)
    if target is None and agent is not None and not passive and not any(p.start > trigger.start for p in people):
        # "X and Y clashed", "Y, attacked by X": the other side stands before; unless the
        # people the act was done to are named after it ("killed three members of a family")
        others = [a for a in armed if a.actor != agent.actor and a.start < trigger.start]
        target = others[-1] if others else None
    actor2, inter2, assoc2 = (target.actor, _code(target), "") if target else ("", 0, "")
    home2 = target.country if target else ""
    victims = [a for a in people if a.start > (agent.end if agent else clause[0]) or passive]
    if (target is None or trigger.event_type == "Violence against civilians") and (victims or people) and (
            trigger.event_type not in ("Strategic developments",) or trigger.sub_event_type in (
                "Arrests", "Looting/property destruction")):
        group = (victims or people)[0]
        actor2, inter2, home2 = _CIVILIANS, 7, ""
        assoc2 = group.actor if group.actor != _CIVILIANS else ""
    if trigger.event_type == "Violence against civilians" and not actor2:
        actor2, inter2 = _CIVILIANS, 7
    if agent is None and trigger.sub_event_type in UNIDENTIFIED_BY_DEFAULT:
        return Roles(UNIDENTIFIED, "", 3, actor2, assoc2, inter2, "", home2)
    return Roles(agent.actor if agent else "", assoc1, _code(agent) if agent else 0, actor2, assoc2, inter2,
                 agent.country if agent else "", home2)


def placed_roles(roles: Roles, country_code: str | None, country_name: str | None,
                 canonical: Callable[[str], str]) -> Roles:
    """``roles`` of an event placed in ``country_code``: state forces named without their
    state ("the army", "police") are that country's (``canonical`` names them as the alias
    list does: "Military Forces of Syria" is "Syrian government forces"); a state's forces
    acting outside it are External/Other forces (8), as ACLED's codebook has it."""
    if not country_code:
        return roles
    fields = {}
    for side in ("1", "2"):
        actor, inter, home = (getattr(roles, f"actor{side}"), getattr(roles, f"inter{side}"),
                              getattr(roles, f"home{side}"))
        if actor in _UNPLACED_STATE and country_name:
            actor, home = canonical(_UNPLACED_STATE[actor].format(country=country_name)), country_code
        if inter == 1 and home and home != country_code:
            inter = 8
        fields.update({f"actor{side}": actor, f"inter{side}": inter, f"home{side}": home})
    if fields["actor1"] and fields["actor1"] == fields["actor2"]:
        # "the army" and "the Malian general staff" named as both sides: one actor, no second
        fields.update(actor2="", inter2=0, home2="")
    return replace(roles, **fields)


def _coordinated(text: str, before: Sequence[ActorMatch]) -> ActorMatch | None:
    """The first of two actors joined as one subject ("Malian soldiers and Wagner
    mercenaries", "the SDF, backed by coalition aircraft,"), the last being ``before[-1]``."""
    if len(before) < 2:
        return None
    first, last = before[-2], before[-1]
    return first if _JOINED.fullmatch(text, first.end, last.start) else None


def _demonstration_roles(trigger: TriggerMatch, distinct: Sequence[ActorMatch],
                         people: Sequence[ActorMatch], armed: Sequence[ActorMatch]) -> Roles:
    """Protesters (rioters) as actor1, the group demonstrating as its associate, the
    force that intervenes (a protest) or the people a mob attacks (a riot) as actor2."""
    who = _DEMONSTRATION[trigger.event_type]
    group = next((a.actor for a in people if a.actor != _CIVILIANS and a.start < trigger.start), "") or \
        next((a.actor for a in people if a.actor != _CIVILIANS), "")
    actor2, inter2 = "", 0
    force = next((a for a in armed if a.inter in ("State forces", "External/Other forces")), None) or \
        next(iter(armed), None)
    if force is not None and (trigger.sub_event_type != "Peaceful protest"):
        actor2, inter2 = force.actor, _code(force)
    elif trigger.sub_event_type == "Mob violence" or (
            trigger.event_type == "Riots" and any(a.start > trigger.start for a in people)):
        actor2, inter2 = _CIVILIANS, 7  # a mob's victims are civilians unless an armed force is named
    return Roles(who, group, 6 if who == "Protesters" else 5, actor2, "", inter2, "", force.country if (
        force is not None and actor2 == force.actor) else "")


def refine_type(trigger: TriggerMatch, roles: Roles) -> TriggerMatch:
    """The distinctions ACLED draws by who is involved (see the module docstring)."""
    if trigger.event_type == "Battles" and roles.inter2 == 7:
        # a battle is between armed, organised groups: one whose only target is civilians
        # ("bandits stormed the village, shooting nine residents dead") is an attack on them
        return replace(trigger, event_type="Violence against civilians", sub_event_type="Attack")
    if trigger.sub_event_type in _TERRITORIAL and roles.inter1:
        regained = vocab.inter_name(roles.inter1) in REGAINING_TYPES
        wanted = "Government regains territory" if regained else "Non-state actor overtakes territory"
        if wanted != trigger.sub_event_type:  # who took it decides (ACLED)
            return replace(trigger, sub_event_type=wanted)
    if trigger.sub_event_type == "Arrests" and roles.inter1 and \
            vocab.inter_name(roles.inter1) not in _ARREST_AUTHORITY:
        return replace(trigger, event_type="Violence against civilians",
                       sub_event_type="Abduction/forced disappearance")
    return trigger


def _code(actor: ActorMatch) -> int:
    try:
        return vocab.inter_code(actor.inter) if actor.inter else 0
    except ValueError:
        return 0


def _distinct(actors: Sequence[ActorMatch]) -> list[ActorMatch]:
    """The first mention of each actor, in text order."""
    seen: set[str] = set()
    kept = []
    for actor in actors:
        if actor.actor not in seen:
            seen.add(actor.actor)
            kept.append(actor)
    return kept
