"""The forms of an agent's first name people introduce themselves by: Jon for Jonathan, Liz
for Elizabeth, Bill for William, from the `nicknames` data set (hand-curated, pure data).

A form that is another agent's name on the roster is left out: on a call of Jonathan's,
"my name is John" may be John Smith's call filed under the wrong agent, so it stays uncertain.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.domain.agents import Agent

if TYPE_CHECKING:
    from nicknames import NickNamer


@lru_cache(maxsize=1)
def _namer() -> NickNamer:
    # loaded on first use: reading its CSV takes milliseconds that only scoring needs
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=4096)
def name_forms(first_name: str) -> tuple[str, ...]:
    """Short and long forms of a first name ("jonathan" -> jon, john, ...), lower case, sorted."""
    key = first_name.strip().casefold()
    if not key or " " in key:
        return ()
    namer = _namer()
    forms = namer.nicknames_of(key) | namer.canonicals_of(key)
    return tuple(sorted(f for f in forms if f != key))


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    namer = _namer()
    return frozenset(namer.nickname_lookup) | frozenset(namer.canonical_lookup)


def is_other_given_name(expected: str, heard: str) -> bool:
    """True when `heard` is a first name of its own, not `expected` nor one of its forms:
    "maria" for "mary" is another person, however alike the two sound."""
    expected, heard = expected.casefold(), heard.casefold()
    if heard == expected or heard not in _given_names():
        return False
    return heard not in name_forms(expected)


def _names_of(agent: Agent) -> set[str]:
    return {n.casefold() for n in (agent.first_name, *agent.aliases) if n.strip()}


def other_forms(agent: Agent, roster: Iterable[Agent] = ()) -> tuple[str, ...]:
    """The agent's first-name forms and family name ("jag heter Jönsson") beyond their own
    names, without another agent's names."""
    taken = set().union(*(_names_of(a) for a in roster if a.id != agent.id))
    own = {n.casefold() for n in agent.spoken_names}
    words = agent.name.split()
    family = (words[-1].casefold(),) if len(words) > 1 else ()
    forms = (*name_forms(agent.first_name), *family)
    return tuple(f for f in dict.fromkeys(forms) if f not in taken and f not in own)
