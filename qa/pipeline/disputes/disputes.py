"""Disputes: agents dispute items or acknowledge scorecards; supervisors uphold or overturn."""

from __future__ import annotations

import csv
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from qa.domain.agents import Agent
from qa.domain.review.review import CardState, ReviewedCard
from qa.domain.scorecard import Verdict
from qa.domain.transcript import transcript_to_dict
from qa.errors import BadInputError, NotFoundError
from qa.pipeline.access.identity import Identity, require_supervisor, visible_call
from qa.pipeline.access.permissions import require_role
from qa.pipeline.review.review import CallDetail, ReviewService
from qa.storage.agent_store import (
    ACKNOWLEDGED,
    OPEN,
    OVERTURNED,
    UPHELD,
    Dispute,
)
from qa.storage.store import Store

FLIPPED = {Verdict.PASS: Verdict.FAIL, Verdict.FAIL: Verdict.PASS}
OVERTURN_VERDICTS = (Verdict.PASS, Verdict.FAIL, Verdict.NA)  # what a supervisor may set
REASON = "why the agent is right"  # the reason a printed `qa resolve` line holds


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a supervisor decided on a dispute, and the scorecard as it now stands."""

    dispute: Dispute
    card: ReviewedCard


def final_card(store: Store, call_id: int, doing: str) -> ReviewedCard:
    """The call's scorecard, which must be final for an agent to `doing` it."""
    card = store.reviewed_card(call_id)
    if card is None or card.state != CardState.FINAL:
        raise BadInputError(
            f"Call {call_id}'s scorecard is not final yet; you can {doing} it once it is.",
            hint="A supervisor finalizes it after review.",
        )
    return card


def _require_agent(who: Identity, doing: str) -> None:
    if not who.is_agent:
        raise BadInputError(
            f"Only the agent of a call can {doing} its scorecard; {who.login!r} is a {who.role}.",
            hint="Run it as the agent (QA_LOGIN=<agent login>).",
        )


def _acknowledged(disputes: list[Dispute], card: ReviewedCard) -> bool:
    return any(d.status == ACKNOWLEDGED and d.scorecard_id == card.id for d in disputes)


def dispute_item(store: Store, who: Identity, ref: str, item_id: str, reason: str) -> Dispute:
    """Dispute one item of your final scorecard; the call shows as `disputed` to supervisors."""
    _require_agent(who, "dispute")
    call = visible_call(store, who, ref)
    card = final_card(store, call.id, "dispute")
    try:
        card.item(item_id)
    except KeyError:
        known = ", ".join(i.result.item_id for i in card.items)
        raise BadInputError(f"No item {item_id!r} on this scorecard (items: {known}).") from None
    if not reason.strip():
        raise BadInputError("A dispute needs a reason.", hint='Add --reason "what was missed".')
    disputes = store.disputes(call.id)
    if _acknowledged(disputes, card):
        raise BadInputError("You acknowledged this scorecard; it can no longer be disputed.")
    if any(d.open and d.item_id == item_id for d in disputes):
        raise BadInputError(f"Item {item_id} is already disputed; wait for the outcome.")
    return store.add_dispute(call.id, card.id, item_id, who.login, reason.strip())


def acknowledge(store: Store, who: Identity, ref: str) -> Dispute:
    """Acknowledge your final scorecard: you have seen it and accept it."""
    _require_agent(who, "acknowledge")
    call = visible_call(store, who, ref)
    card = final_card(store, call.id, "acknowledge")
    disputes = store.disputes(call.id)
    if _acknowledged(disputes, card):
        raise BadInputError("You have already acknowledged this scorecard.")
    if any(d.open for d in disputes):
        raise BadInputError("This scorecard has open disputes; wait for their outcome first.")
    return store.add_acknowledgement(call.id, card.id, who.login)


def open_disputes(store: Store, who: Identity) -> list[Dispute]:
    """Every dispute awaiting a supervisor, oldest first."""
    require_supervisor(who, "see the dispute queue")
    return store.disputes(status=OPEN)


def _open_dispute(store: Store, call_id: int, item_id: str) -> Dispute:
    found = [d for d in store.disputes(call_id, OPEN)]
    match = next((d for d in found if d.item_id == item_id), None)
    if match is None:
        items = ", ".join(d.item_id for d in found) or "none"
        raise NotFoundError(
            f"No open dispute of item {item_id!r} on call {call_id} (open: {items}).",
            hint="List open disputes with `qa disputes list`.",
        )
    return match


def overturned_verdict(
    ref: str, item_id: str, current: Verdict, verdict: Verdict | None = None
) -> Verdict:
    """What overturning a disputed item sets: `verdict`, else pass↔fail. An item that is
    neither (or a `verdict` it already has) is refused with the command that says what."""
    new = verdict or FLIPPED.get(current)
    if new is None or new == current:
        first, *others = [v for v in OVERTURN_VERDICTS if v != current]
        also = " or ".join(f"--verdict {v.value}" for v in others)
        raise BadInputError(
            f"Item {item_id} is {current.value}; say what it should be instead.",
            hint=f"Run `{overturn_command(ref, item_id, first)}` (or {also}).",
        )
    return new


def overturn_command(ref: str, item_id: str, verdict: Verdict) -> str:
    """The `qa resolve` command line that overturns a dispute to `verdict`, runnable as printed
    (its reason is to be reworded)."""
    call, item = shlex.quote(ref), shlex.quote(item_id)
    settle = f"--overturn --verdict {verdict.value} --reason {shlex.quote(REASON)}"
    return f"qa resolve {call} --item {item} {settle}"


def _change_verdict(
    review: ReviewService, call_id: int, item_id: str, verdict: Verdict, reason: str
) -> ReviewedCard:
    # The review service's optimistic locking guards each step; a supervisor who changed the
    # card meanwhile makes this fail with a ConflictError before anything is overwritten.
    card = review.card(call_id)
    reopened = card.state == CardState.FINAL
    if reopened:
        card = review.reopen(call_id, card, reason)
    card = review.set_verdict(call_id, card, item_id, verdict, reason)
    return review.finalize(call_id, card) if reopened else card


def resolve(
    store: Store,
    who: Identity,
    ref: str,
    item_id: str,
    *,
    overturn: bool,
    reason: str,
    verdict: Verdict | None = None,
) -> Resolution:
    """Uphold a disputed verdict, or overturn it (verdict changed, score recomputed)."""
    require_supervisor(who, "resolve disputes")
    if not reason.strip():
        raise BadInputError("Resolving a dispute needs a reason the agent will read.")
    call = visible_call(store, who, ref)
    dispute = _open_dispute(store, call.id, item_id)
    review = ReviewService(store, who.login)
    card = review.card(call.id)
    if overturn:
        new = overturned_verdict(ref, item_id, card.item(item_id).result.verdict, verdict)
        card = _change_verdict(review, call.id, item_id, new, f"dispute #{dispute.id}: {reason}")
    status = OVERTURNED if overturn else UPHELD
    closed = store.close_dispute(dispute.id, status, reason, who.login)
    return Resolution(closed, card)


def resolve_in_review(
    review: ReviewService, call_id: int, item_id: str, *, overturn: bool, reason: str
) -> CallDetail:
    """Uphold or overturn (pass↔fail) a dispute from the call screen, as the review service's
    reviewer; the call as it now stands."""
    require_role(review.reviewer, review.role, "review.resolve_dispute")
    who = Identity(review.reviewer, review.role)
    resolve(review.store, who, str(call_id), item_id, overturn=overturn, reason=reason)
    return review.call_detail(call_id)


@dataclass(frozen=True, slots=True)
class EvalExport:
    """What `export_eval` wrote: how many calls and labels."""

    calls: int
    labels: int


def _case_name(call_id: int, call_ref: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", call_ref)
    return f"{safe}_{call_id}" if safe else f"call_{call_id}"


def _toml_agents(agents: list[Agent]) -> str:
    blocks = [
        "[[agents]]\n"
        + f"id = {json.dumps(a.id)}\nname = {json.dumps(a.name)}\n"
        + f"aliases = {json.dumps(list(a.aliases))}\n"
        for a in agents
    ]
    return "# Agents of the exported calls, so `qa eval` resolves their names.\n\n" + "\n".join(
        blocks
    )


def export_eval(store: Store, who: Identity, out: Path) -> EvalExport:
    """Overturned disputes as labelled cases for `qa eval OUT`: transcripts and labels.csv.

    Each label is the verdict the supervisor gave when overturning the automatic one, so
    `qa eval` counts every case where scoring got it wrong until the scorer learns better.
    """
    require_supervisor(who, "export disputes")
    overturned = store.disputes(status=OVERTURNED)
    out.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str]] = []
    agent_ids: set[str] = set()
    for call_id in dict.fromkeys(d.call_id for d in overturned):
        call, transcript = store.call(call_id), store.transcript(call_id)
        card = store.scorecard(call_id)
        if transcript is None or card is None:
            continue
        name = _case_name(call.id, call.meta.call_id)
        case = transcript_to_dict(transcript) | {"call": call.meta.as_dict()}
        (out / f"{name}.json").write_text(json.dumps(case, indent=1), encoding="utf-8")
        verdicts = {i.item_id: i.verdict.value for i in card.items}
        items = dict.fromkeys(d.item_id for d in overturned if d.call_id == call_id)
        rows += [(name, item, verdicts[item]) for item in items if item in verdicts]
        agent_ids.add(call.meta.agent)
    with (out / "labels.csv").open("w", newline="", encoding="utf-8") as labels:
        csv.writer(labels).writerows([("call", "item", "verdict"), *rows])
    agents = [a for a in store.agents() if a.id in agent_ids]
    (out / "agents.toml").write_text(_toml_agents(agents), encoding="utf-8")
    return EvalExport(len({r[0] for r in rows}), len(rows))
