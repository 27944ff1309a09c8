"""Who is running the tool: login, role and (for an agent) whose calls they may see."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from qa.domain.agents import find_agent
from qa.domain.call import Call
from qa.domain.review.review import review_role
from qa.errors import AccessDeniedError, BadInputError, NotFoundError
from qa.storage.store import Store
from qa.workspace import Workspace, current_login


@dataclass(frozen=True, slots=True)
class Identity:
    """The person running the tool: their login, role, and agent id when they are an agent."""

    login: str
    role: str  # admin | supervisor | agent
    agent_id: str = ""

    @property
    def is_agent(self) -> bool:
        """Agents see only their own calls; admins and supervisors see all."""
        return self.role == "agent"

    def may_see(self, call: Call) -> bool:
        """True when this person may see the call (its transcript, scores and audio)."""
        return not self.is_agent or call.meta.agent == self.agent_id


def resolve_identity(ws: Workspace, store: Store, login: str | None = None) -> Identity:
    """The identity of `login` (default: the current login, QA_LOGIN overrides) in `ws`.

    qa.toml [access] admins/supervisors win over agents.toml logins (same rule as review).
    """
    login = login or current_login()
    agents = store.agents()
    role = review_role(login, ws.section("access"), {a.login for a in agents})
    if not role:
        raise AccessDeniedError(
            f"The login {login!r} is not an agent, supervisor or admin of this workspace.",
            hint=f"Add it to agents.toml or to [access] in {ws.root / 'qa.toml'}, or set QA_LOGIN.",
        )
    if role != "agent":
        return Identity(login, role)
    agent = next(a for a in agents if a.login.casefold() == login.casefold())
    return Identity(login, role, agent.id)


def no_such_call(ref: object) -> NotFoundError:
    """The error for a call that is missing or belongs to someone else (the same words)."""
    return NotFoundError(
        f"No call {ref!r} in this workspace's database.",
        hint="Give a db id or a call_id; see `qa calls`.",
    )


def _names(call: Call) -> set[str]:
    path = PurePath(call.path)
    return {str(call.id), call.meta.call_id, call.path, path.name, path.stem} - {""}


def visible_call(store: Store, who: Identity, ref: str) -> Call:
    """The call `ref` names, if `who` may see it; another agent's call is "no such call".

    An agent's reference is matched among their own calls only, so neither an error nor an
    ambiguity can tell them that someone else's call exists.
    """
    if not who.is_agent:
        return store.call_by_ref(ref)
    ref = ref.strip()
    own = [c for c in store.calls(agent=who.agent_id) if ref in _names(c)]
    exact = [c for c in own if ref in (str(c.id), c.meta.call_id)] or own
    if not exact:
        raise no_such_call(ref)
    if len(exact) > 1:
        raise BadInputError(f"{len(exact)} of your calls match {ref!r}.", hint="Give the db id.")
    return exact[0]


def visible_calls(
    store: Store,
    who: Identity,
    *,
    status: str | None = None,
    agent: str | None = None,
    problems: bool | None = None,
    sample_id: int | None = None,
) -> list[Call]:
    """The calls `who` may list, filtered; an agent gets their own calls whatever they asked for.

    `agent` may be an agent's id, login or name; a missing sample is NotFoundError.
    """
    if agent:
        known = find_agent(store.agents(), agent)
        agent = known.id if known else agent
    if who.is_agent:
        agent = who.agent_id
    if sample_id is not None:
        store.sample(sample_id)  # NotFoundError names the sample
    return store.calls(status=status, agent=agent, problems=problems, sample_id=sample_id)


def require_supervisor(who: Identity, doing: str) -> None:
    """Refuse an agent something only supervisors and admins do."""
    if who.is_agent:
        raise AccessDeniedError(
            f"{who.login!r} is an agent's login; only supervisors and admins may {doing}.",
            hint="Ask a supervisor listed under [access] in qa.toml.",
        )
