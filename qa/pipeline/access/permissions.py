"""The one permission table: which roles may run each command and each review-UI action.

Every `qa` command and every TUI action is listed here, and checked before any work is done.
Agents may only replay, self-assess, acknowledge or dispute, and list, show, export or report
their own calls; everything that changes scores or reaches other agents' calls is for
supervisors and admins. docs/security.md prints this table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from qa.domain.review.review import review_role
from qa.errors import AccessDeniedError
from qa.pipeline.access.agents import read_agents_file
from qa.pipeline.access.identity import Identity, resolve_identity
from qa.pipeline.access.open_store import open_store
from qa.storage.store import Store
from qa.workspace import Workspace, current_login

ADMIN, SUPERVISOR, AGENT = "admin", "supervisor", "agent"
ANYONE = "anyone"  # no workspace data is read: the command works on the files it is given

STAFF = frozenset({ADMIN, SUPERVISOR})
EVERYONE = frozenset({ADMIN, SUPERVISOR, AGENT})
ONLY_ADMIN = frozenset({ADMIN})
ONLY_AGENT = frozenset({AGENT})
OPEN = frozenset({ANYONE})

# `qa` commands, by their name as `qa --help` lists them (subcommands as "group sub").
COMMANDS: dict[str, frozenset[str]] = {
    "init": OPEN,  # makes a new workspace; its login becomes the admin
    "check": OPEN,  # one transcript file against one rubric file, no database
    "eval": OPEN,  # labelled transcript files against a rubric file, no database
    "rubric lint": OPEN,
    "ingest": STAFF,
    "sample draw": STAFF,
    "sample list": STAFF,
    "sample show": STAFF,
    "sample close": STAFF,  # a supervisor or admin closes a sample; the audit log names them
    "transcribe": STAFF,
    "score": STAFF,
    "run": STAFF,
    "rescore list": STAFF,
    "rescore accept": STAFF,
    "rescore keep": STAFF,
    "verdict": STAFF,
    "finalize": STAFF,
    "reopen": STAFF,
    "resolve": STAFF,
    "disputes list": STAFF,
    "disputes export-eval": STAFF,
    "redact": STAFF,
    "calibrate start": STAFF,
    "calibrate score": STAFF,
    "calibrate report": STAFF,
    "speakers swap": STAFF,
    "calls": EVERYONE,  # an agent lists their own calls only
    "show": EVERYONE,  # an agent's own calls only; another's is "no such call"
    "export": EVERYONE,  # an agent exports their own calls only
    "report": EVERYONE,  # an agent's figures come from their own calls only
    "review": EVERYONE,  # supervisors get review, an agent gets agent mode (own calls)
    "replay": ONLY_AGENT,
    "self-assess": ONLY_AGENT,
    "acknowledge": ONLY_AGENT,
    "dispute": ONLY_AGENT,
    "agents list": STAFF,
    "agents import": ONLY_ADMIN,
    "db upgrade": ONLY_ADMIN,
    "db grant-agent": ONLY_ADMIN,
    "db revoke-agent": ONLY_ADMIN,
}

# Review UI actions (qa/tui): supervisor mode (`review.*`) and agent mode (`replay.*`).
TUI_ACTIONS: dict[str, frozenset[str]] = {
    "review.queue": STAFF,
    "review.open_call": STAFF,
    "review.play": STAFF,
    "review.verdict": STAFF,
    "review.comment": STAFF,
    "review.finalize": STAFF,
    "review.reopen": STAFF,
    "review.resolve_dispute": STAFF,
    "review.rescore_decision": STAFF,
    "review.report": STAFF,
    "review.export": STAFF,
    "review.metrics": STAFF,
    "review.swap_speakers": STAFF,
    "replay.list": ONLY_AGENT,
    "replay.open_call": ONLY_AGENT,
    "replay.play": ONLY_AGENT,
    "replay.self_assess": ONLY_AGENT,
    "replay.acknowledge": ONLY_AGENT,
    "replay.dispute": ONLY_AGENT,
}

AGENT_MAY = (
    "agents replay, self-assess, acknowledge, dispute, and list, show or export their own calls"
)


def roles_for(action: str) -> frozenset[str]:
    """The roles that may run a command or TUI action (KeyError for one the table lacks)."""
    return COMMANDS[action] if action in COMMANDS else TUI_ACTIONS[action]


def allowed(role: str, action: str) -> bool:
    """True when `role` may run `action`."""
    roles = roles_for(action)
    return ANYONE in roles or role in roles


def _who_may(roles: frozenset[str]) -> str:
    names = [f"{r}s" for r in (ADMIN, SUPERVISOR, AGENT) if r in roles]
    return " and ".join(names) if len(names) < 3 else "everyone with a role"


def refusal(who: Identity, action: str) -> AccessDeniedError:
    """The one-line refusal; it names no call, so it tells an agent nothing about calls."""
    shown = f"qa {action}" if action in COMMANDS else action
    article = "an" if who.role[:1] in "aeiou" else "a"
    message = f"{who.login!r} is {article} {who.role}'s login; "
    message += f"only {_who_may(roles_for(action))} may run `{shown}`"
    tail = f" ({AGENT_MAY})." if who.is_agent else "."
    return AccessDeniedError(message + tail)


def require(who: Identity, action: str) -> Identity:
    """`who`, when the table lets their role run `action`; else an AccessDeniedError."""
    if not allowed(who.role, action):
        raise refusal(who, action)
    return who


def require_role(login: str, role: str, action: str) -> None:
    """The same check for a service that knows only the login and role (the review UI's)."""
    require(Identity(login, role), action)


def authorize(ws: Workspace, store: Store, action: str, login: str | None = None) -> Identity:
    """The person running the tool, checked against the table for `action` (before any work).

    A login with no role in the workspace is refused by resolve_identity, in one line.
    """
    return require(resolve_identity(ws, store, login), action)


@contextmanager
def authorized_store(ws: Workspace, action: str) -> Iterator[tuple[Store, Identity]]:
    """The workspace's store and the person running the tool, refused before any work is done."""
    with open_store(ws) as store:
        yield store, authorize(ws, store, action)


def authorize_by_settings(ws: Workspace, action: str) -> Identity:
    """The same check from qa.toml and agents.toml alone, for commands that must not open the
    database first (`qa db upgrade` migrates it)."""
    login = current_login()
    agents = read_agents_file(ws.agents_file) if ws.agents_file.is_file() else []
    role = review_role(login, ws.section("access"), {a.login for a in agents})
    if not role:
        raise AccessDeniedError(
            f"The login {login!r} is not an agent, supervisor or admin of this workspace.",
            hint=f"Add it to agents.toml or to [access] in {ws.root / 'qa.toml'}, or set QA_LOGIN.",
        )
    return require(Identity(login, role), action)
