"""`qa sample draw|list|show|close`: draw a random review sample, list, show or close samples.

The old forms (`qa sample --rate 5%` to draw, `qa sample --list`, `qa sample --show ID`) still
work for one release; they print nothing different.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from qa.cli.app import app, console, workspace
from qa.cli.sample_view import print_draw, print_list, print_show, sample_details, sample_summary
from qa.domain.sampling.sampling import Strategy
from qa.errors import BadInputError

ACTIONS = ("draw", "list", "show", "close")
USAGE_HINT = "See `qa sample draw --help`."


def _usage(message: str) -> BadInputError:
    return BadInputError(message, hint=USAGE_HINT)


class SampleGroup(TyperGroup):
    """`qa sample`: an unknown action is one sentence naming the actions there are."""

    # Typer vendors its own click, whose Context and Command types are private: hence Any.
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands:
            raise _usage(f"{args[0]!r} is not a sample action; use {', '.join(ACTIONS)}.")
        return super().resolve_command(ctx, args)


sample_app = typer.Typer(cls=SampleGroup, invoke_without_command=True, no_args_is_help=False)
app.add_typer(sample_app, name="sample")

Count = Annotated[int | None, typer.Option("--count", "-n", help="Draw N calls.")]
Rate = Annotated[str | None, typer.Option("--rate", help="Draw a share of the calls: 5% or 0.05.")]
PerAgent = Annotated[
    int | None, typer.Option("--per-agent", help="At least N calls for every agent.")
]
Since = Annotated[str | None, typer.Option("--since", help="Calls from this date (YYYY-MM-DD) on.")]
Until = Annotated[str | None, typer.Option("--until", help="Calls up to and including this date.")]
Queue = Annotated[str | None, typer.Option("--queue", help="Only calls of this queue.")]
Agent = Annotated[str | None, typer.Option("--agent", help="Only this agent's calls.")]
Seed = Annotated[
    int | None, typer.Option("--seed", help="Seed to reproduce a draw (default: a new one).")
]
Margin = Annotated[
    float | None,
    typer.Option("--margin", help="Size per agent for a pass rate within ± this, e.g. 0.10."),
]
Confidence = Annotated[
    float | None, typer.Option("--confidence", help="Confidence for --margin (default 0.95).")
]
ExpectedPassRate = Annotated[
    float | None,
    typer.Option("--expected-pass-rate", help="Expected pass rate for --margin (default 0.5)."),
]
StrategyOpt = Annotated[
    Strategy | None, typer.Option("--strategy", help="random, risk (favour risky calls) or mixed.")
]
RandomShare = Annotated[
    float | None,
    typer.Option("--random-share", help="Pure random part of a mixed sample (default 0.5)."),
]
SampleId = Annotated[int | None, typer.Argument(help="The sample id.", show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _flag(field: str) -> str:
    return "--" + field.replace("_", "-")


def _needs_id(action: str, sample_id: int | None) -> int:
    if sample_id is None:
        raise _usage(f"qa sample {action} needs a sample id, e.g. qa sample {action} 1.")
    return sample_id


def _draw(
    given: dict[str, Any],
    since: str | None,
    until: str | None,
    queue: str | None,
    agent: str | None,
) -> None:
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.sampling.request import call_filter, check_combination, requested_policy
    from qa.pipeline.sampling.sample import draw_and_store, policy_from_settings
    from qa.pipeline.sampling.samples import sample_contents

    check_combination(given)
    ws = workspace()
    with authorized_store(ws, "sample draw") as (store, _who):
        where = call_filter(since, until, queue, agent)
        policy = requested_policy(given, policy_from_settings(ws.section("sample")))
        drawn = draw_and_store(store, policy, where)
        contents = sample_contents(store, drawn.sample_id)
    print_draw(drawn, contents)


def _list(as_json: bool) -> None:
    from qa.pipeline.access.permissions import authorized_store

    with authorized_store(workspace(), "sample list") as (store, _who):
        records = store.samples()
    if as_json:
        return typer.echo(json.dumps([sample_summary(r) for r in records], indent=2, default=str))
    print_list(records)


def _show(sample_id: int, as_json: bool) -> None:
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.sampling.samples import sample_contents

    with authorized_store(workspace(), "sample show") as (store, _who):
        contents = sample_contents(store, sample_id)
    if as_json:
        return typer.echo(json.dumps(sample_details(contents), indent=2, default=str))
    print_show(contents)


def _rate(text: str | None) -> float | None:
    if text is None:  # `qa sample draw --help` runs the group's options too: load nothing
        return None
    from qa.pipeline.sampling.request import sampling_rate

    return sampling_rate(text)


@sample_app.command("draw")
def draw_command(
    count: Count = None,
    rate: Rate = None,
    per_agent: PerAgent = None,
    since: Since = None,
    until: Until = None,
    queue: Queue = None,
    agent: Agent = None,
    seed: Seed = None,
    margin: Margin = None,
    confidence: Confidence = None,
    expected_pass_rate: ExpectedPassRate = None,
    strategy: StrategyOpt = None,
    random_share: RandomShare = None,
) -> None:
    """Draw calls at random for review: seeded, reproducible, stratified per agent.

    Calls already reviewed or already in an open sample are left out. Without a size flag the
    \\[sample] table of qa.toml gives the size.

    Example: qa sample draw --rate 5% --per-agent 2 --since 2026-11-01 --seed 42
    """
    given = {
        "count": count,
        "rate": _rate(rate),
        "per_agent": per_agent,
        "margin": margin,
        "confidence": confidence,
        "expected_pass_rate": expected_pass_rate,
        "strategy": strategy,
        "random_share": random_share,
        "seed": seed,
    }
    _draw(given, since, until, queue, agent)


@sample_app.command("list")
def list_command(as_json: AsJson = False) -> None:
    """List the samples drawn: when, by whom, how many calls, and whether each is still open.

    Example: qa sample list
    """
    _list(as_json)


@sample_app.command("show")
def show_command(sample_id: SampleId = None, as_json: AsJson = False) -> None:
    """Show one sample: its seed and parameters, the population per agent and the calls drawn.

    Example: qa sample show 1 --json
    """
    _show(_needs_id("show", sample_id), as_json)


@sample_app.command("close")
def close_command(sample_id: SampleId = None) -> None:
    """Close an open sample: its calls may be drawn again. The audit log records who closed it.

    Example: qa sample close 1
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.sampling.samples import close_sample

    sample_id = _needs_id("close", sample_id)
    with authorized_store(workspace(), "sample close") as (store, who):
        close_sample(store, who, sample_id)
    console.print(f"Sample {sample_id} closed: its calls may be drawn again.")


def _old_form(
    given: dict[str, Any],
    where: dict[str, str | None],
    listing: bool,
    show: int | None,
    as_json: bool,
) -> None:
    """`qa sample [flags]`, `qa sample --list`, `qa sample --show ID` (kept for one release)."""
    drawing = {_flag(k) for k, v in given.items() if v is not None}
    drawing |= {_flag(k) for k, v in where.items() if v}
    if listing and show is not None:
        raise _usage("Give --list or --show, not both.")
    if as_json and not (listing or show is not None):
        raise _usage("--json goes with list or show: qa sample show ID --json.")
    if (listing or show is not None) and drawing:
        raise _usage(f"{sorted(drawing)[0]} draws a sample; it cannot go with --list or --show.")
    if listing:
        return _list(as_json)
    if show is not None:
        return _show(show, as_json)
    _draw(given, **where)


@sample_app.callback()
def sample_command(
    ctx: typer.Context,
    count: Count = None,
    rate: Rate = None,
    per_agent: PerAgent = None,
    since: Since = None,
    until: Until = None,
    queue: Queue = None,
    agent: Agent = None,
    seed: Seed = None,
    margin: Margin = None,
    confidence: Confidence = None,
    expected_pass_rate: ExpectedPassRate = None,
    strategy: StrategyOpt = None,
    random_share: RandomShare = None,
    list_samples: Annotated[
        bool, typer.Option("--list", help="Old form of `qa sample list` (kept for one release).")
    ] = False,
    show: Annotated[
        int | None,
        typer.Option("--show", help="Old form of `qa sample show ID` (kept for one release)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --list or --show: print JSON instead of tables.")
    ] = False,
) -> None:
    """Review samples: draw one, list them, show or close one (see `qa sample draw --help`).

    Old forms, kept for one release (the options below are theirs):
    `qa sample --rate 5%` = `qa sample draw --rate 5%` (a plain `qa sample` draws with qa.toml);
    `qa sample --list` = `qa sample list`; `qa sample --show ID` = `qa sample show ID`.

    Example: qa sample draw --rate 5% --per-agent 2 --seed 42
    """
    given = {
        "count": count,
        "rate": _rate(rate),
        "per_agent": per_agent,
        "margin": margin,
        "confidence": confidence,
        "expected_pass_rate": expected_pass_rate,
        "strategy": strategy,
        "random_share": random_share,
        "seed": seed,
    }
    where = {"since": since, "until": until, "queue": queue, "agent": agent}
    if ctx.invoked_subcommand is None:
        return _old_form(given, where, list_samples, show, as_json)
    before = [v for v in [*given.values(), *where.values(), show] if v is not None]
    if before or list_samples or as_json:
        action = ctx.invoked_subcommand
        raise _usage(f"Put the options after the action: qa sample {action} [OPTIONS].")
