"""`qa sample`: draw a random review sample, list the samples drawn, show one."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from qa.cli.app import app, console, workspace
from qa.domain.sampling.sampling import SamplingPolicy, Strategy, parse_rate
from qa.errors import BadInputError

if TYPE_CHECKING:
    from qa.pipeline.sampling.sample import DrawnSample
    from qa.storage.records import SampleRecord
    from qa.storage.store import Store

USAGE_HINT = "See `qa sample --help`."
POLICY_FLAGS = (
    "count",
    "rate",
    "per_agent",
    "margin",
    "confidence",
    "expected_pass_rate",
    "strategy",
    "random_share",
    "seed",
)


def _usage(message: str) -> BadInputError:
    return BadInputError(message, hint=USAGE_HINT)


def _moment(text: str | None, flag: str, *, end_of_day: bool = False) -> datetime | None:
    """A date (YYYY-MM-DD) or an ISO time; a bare --until date includes that whole day."""
    if text is None:
        return None
    try:
        if len(text.strip()) == 10:
            day = datetime.combine(date.fromisoformat(text.strip()), datetime.min.time())
            return day + timedelta(days=1) if end_of_day else day
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise _usage(f"{flag} {text!r} is not a date; write it as 2026-11-20.") from None


def _rate(text: str | None) -> float | None:
    try:
        return parse_rate(text) if text is not None else None
    except ValueError as exc:
        raise _usage(f"--rate: {exc}.") from None


def _check_combination(flags: dict[str, Any]) -> None:
    given = {name for name, value in flags.items() if value is not None}
    if {"--count", "--rate"} <= given:
        raise _usage("Give --count or --rate, not both.")
    if "--margin" in given and given & {"--count", "--rate"}:
        raise _usage("--margin sizes the sample by statistics; leave out --count and --rate.")


def _check_policy(flags: dict[str, Any], policy: SamplingPolicy) -> None:
    for needs_margin in ("--confidence", "--expected-pass-rate"):
        if flags[needs_margin] is not None and policy.margin is None:
            raise _usage(f"{needs_margin} only applies with --margin.")
    if flags["--random-share"] is not None and policy.strategy != Strategy.MIXED:
        raise _usage("--random-share only applies with --strategy mixed.")


def _policy(flags: dict[str, Any], defaults: SamplingPolicy) -> SamplingPolicy:
    """The flags over the workspace's [sample] defaults; a size flag replaces all size defaults."""
    if any(flags[f] is not None for f in ("--count", "--rate", "--margin")):
        defaults = replace(defaults, count=None, rate=None, margin=None)
    given = {field: flags["--" + field.replace("_", "-")] for field in POLICY_FLAGS}
    policy = replace(defaults, **{k: v for k, v in given.items() if v is not None})
    _check_policy(flags, policy)
    return policy


def _sizes_table(drawn: DrawnSample) -> Table:
    table = Table(
        "agent", "calls", "minimum", "more", "drawn", "why", title="Sample size per agent"
    )
    for size in drawn.draw.sizes:
        table.add_row(
            escape(size.agent or "(no agent)"),
            str(size.population),
            str(size.minimum),
            str(size.extra),
            str(size.size),
            escape(size.reason),
        )
    return table


def _members_table(store: Store, record: SampleRecord) -> Table:
    strata = {m.call_id: m.stratum for m in record.members}
    table = Table("#", "call", "agent", "started", "file", "stratum", title="Calls drawn")
    for position, call in enumerate(store.calls(sample_id=record.id), start=1):
        started = call.meta.started_at.strftime("%Y-%m-%d %H:%M") if call.meta.started_at else ""
        ref = call.meta.call_id or str(call.id)
        table.add_row(
            str(position),
            escape(ref),
            escape(call.meta.agent),
            started,
            escape(call.path),
            escape(strata.get(call.id, "")),
        )
    return table


def _print_draw(store: Store, drawn: DrawnSample) -> None:
    draw, excluded = drawn.draw, drawn.population.excluded
    for line in draw.reasoning:
        console.print(escape(line))
    console.print(_sizes_table(drawn))
    console.print(_members_table(store, store.sample(drawn.sample_id)))
    left_out = ", ".join(f"{n} {why}" for why, n in sorted(excluded.items()))
    pool = len(drawn.population.candidates)
    console.print(
        f"Drawn from {pool} eligible calls" + (f" (left out: {left_out})." if left_out else ".")
    )
    console.print(
        f"Sample {drawn.sample_id}: {len(draw.picked)} calls, seed {draw.seed} "
        f"(same calls + `--seed {draw.seed}` draws the same sample). "
        f"Next: qa transcribe --sample {drawn.sample_id}"
    )


def _print_list(store: Store) -> None:
    records = store.samples()
    if not records:
        console.print("No samples drawn yet. Draw one with: qa sample --rate 5% --per-agent 2")
        return
    table = Table(
        "id", "drawn at", "by", "calls", "from", "strategy", "seed", "open", title="Samples"
    )
    for record in records:
        table.add_row(
            str(record.id),
            record.drawn_at.strftime("%Y-%m-%d %H:%M"),
            escape(record.drawn_by),
            str(len(record.members)),
            str(sum(record.population.values())),
            escape(str(record.params.get("strategy", ""))),
            str(record.seed),
            "yes" if record.open else "no",
        )
    console.print(table)


def _worth_showing(params: dict[str, Any], key: str, value: Any) -> bool:
    if value in (None, {}, "", 0) and key != "seed":
        return False
    if key in ("confidence", "expected_pass_rate") and params.get("margin") is None:
        return False
    return key != "random_share" or params.get("strategy") == Strategy.MIXED.value


def _print_show(store: Store, sample_id: int) -> None:
    record = store.sample(sample_id)
    drawn_at = record.drawn_at.isoformat(timespec="seconds")
    state = "open" if record.open else "closed"
    console.print(f"Sample {record.id} ({state}), drawn by {escape(record.drawn_by)} at {drawn_at}")
    console.print(f"seed {record.seed}")
    given = {k: v for k, v in record.params.items() if _worth_showing(record.params, k, v)}
    console.print(escape("parameters: " + ", ".join(f"{k}={v}" for k, v in given.items())))
    drawn: dict[str, int] = {}
    for call in store.calls(sample_id=record.id):
        drawn[call.meta.agent] = drawn.get(call.meta.agent, 0) + 1
    table = Table("agent", "calls in population", "drawn", title="Population")
    for agent, calls in sorted(record.population.items()):
        table.add_row(escape(agent or "(no agent)"), str(calls), str(drawn.get(agent, 0)))
    console.print(table)
    console.print(_members_table(store, record))


SUBCOMMANDS = ("list", "show", "close")


def _print_json(store: Store, sample_id: int | None) -> None:
    from qa.cli.sample_view import sample_details, sample_summary

    if sample_id is None:
        found: Any = [sample_summary(r) for r in store.samples()]
    else:
        found = sample_details(store, store.sample(sample_id))
    typer.echo(json.dumps(found, indent=2, default=str))


def _subcommand(action: str | None, target: int | None) -> tuple[bool, int | None, bool]:
    """(list, show, close) from `qa sample list | show ID | close ID`."""
    if action is None:
        if target is not None:
            raise _usage("Say what to do with the sample: qa sample show ID or close ID.")
        return False, None, False
    if action not in SUBCOMMANDS:
        raise _usage(f"{action!r} is not a sample action; use {', '.join(SUBCOMMANDS)}.")
    if action != "list" and target is None:
        raise _usage(f"qa sample {action} needs a sample id, e.g. qa sample {action} 1.")
    return action == "list", target if action == "show" else None, action == "close"


@app.command()
def sample(
    action: Annotated[
        str | None, typer.Argument(help="list, show ID or close ID (instead of drawing).")
    ] = None,
    target: Annotated[int | None, typer.Argument(help="The sample id to show or close.")] = None,
    count: Annotated[int | None, typer.Option("--count", "-n", help="Draw N calls.")] = None,
    rate: Annotated[
        str | None, typer.Option("--rate", help="Draw a share of the calls: 5% or 0.05.")
    ] = None,
    per_agent: Annotated[
        int | None, typer.Option("--per-agent", help="At least N calls for every agent.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Calls from this date (YYYY-MM-DD) on.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Calls up to and including this date.")
    ] = None,
    queue: Annotated[str | None, typer.Option("--queue", help="Only calls of this queue.")] = None,
    agent: Annotated[str | None, typer.Option("--agent", help="Only this agent's calls.")] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed to reproduce a draw (default: a new one).")
    ] = None,
    margin: Annotated[
        float | None,
        typer.Option("--margin", help="Size per agent for a pass rate within ± this, e.g. 0.10."),
    ] = None,
    confidence: Annotated[
        float | None, typer.Option("--confidence", help="Confidence for --margin (default 0.95).")
    ] = None,
    expected_pass_rate: Annotated[
        float | None,
        typer.Option("--expected-pass-rate", help="Expected pass rate for --margin (default 0.5)."),
    ] = None,
    strategy: Annotated[
        Strategy | None,
        typer.Option("--strategy", help="random, risk (favour risky calls) or mixed."),
    ] = None,
    random_share: Annotated[
        float | None,
        typer.Option("--random-share", help="Pure random part of a mixed sample (default 0.5)."),
    ] = None,
    list_samples: Annotated[bool, typer.Option("--list", help="List the samples drawn.")] = False,
    show: Annotated[int | None, typer.Option("--show", help="Show sample ID.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="With list or show: print JSON instead of tables.")
    ] = False,
) -> None:
    """Draw calls at random for review: seeded, reproducible, stratified per agent.

    Calls already reviewed or already in an open sample are left out. Without a size flag the
    [sample] table of qa.toml gives the size.

    Example: qa sample --rate 5% --per-agent 2 --since 2026-11-01 --seed 42
    (and: qa sample list, qa sample show 1 --json, qa sample close 1)
    """
    # deferred: keeps qa --help fast (no SQLAlchemy/numpy at start-up)
    from qa.pipeline.access.open_store import open_store
    from qa.pipeline.access.permissions import authorize
    from qa.pipeline.sampling.sample import CallFilter, draw_and_store, policy_from_settings

    flags: dict[str, Any] = {
        "--count": count,
        "--rate": _rate(rate),
        "--per-agent": per_agent,
        "--margin": margin,
        "--confidence": confidence,
        "--expected-pass-rate": expected_pass_rate,
        "--strategy": strategy,
        "--random-share": random_share,
        "--seed": seed,
    }
    drawing = {name for name, value in flags.items() if value is not None}
    drawing |= {f for f, v in (("--since", since), ("--until", until), ("--queue", queue)) if v}
    drawing |= {"--agent"} if agent else set()
    listing, shown, closing = _subcommand(action, target)
    list_samples, show = list_samples or listing, show if shown is None else shown
    if list_samples and show is not None:
        raise _usage("Give --list or --show, not both.")
    if as_json and not (list_samples or show is not None):
        raise _usage("--json goes with list or show: qa sample show ID --json.")
    if (list_samples or show is not None) and drawing:
        raise _usage(f"{sorted(drawing)[0]} draws a sample; it cannot go with --list or --show.")
    _check_combination(flags)
    ws = workspace()
    store = open_store(ws)
    authorize(ws, store, "sample")
    if closing and target is not None:
        store.sample(target)  # NotFoundError names the sample
        store.close_sample(target)
        return console.print(f"Sample {target} closed: its calls may be drawn again.")
    if as_json:
        return _print_json(store, show)
    if list_samples:
        return _print_list(store)
    if show is not None:
        return _print_show(store, show)
    where = CallFilter(
        _moment(since, "--since"), _moment(until, "--until", end_of_day=True), queue, agent
    )
    policy = _policy(flags, policy_from_settings(ws.section("sample")))
    _print_draw(store, draw_and_store(store, policy, where))
