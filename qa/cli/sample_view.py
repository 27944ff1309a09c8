"""What `qa sample` prints: a draw, the list of samples, one sample; as tables or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from qa.cli.app import console
from qa.cli.call_view import call_summary
from qa.domain.sampling.sampling import Strategy
from qa.domain.wording import plural

if TYPE_CHECKING:
    from qa.pipeline.sampling.sample import DrawnSample
    from qa.pipeline.sampling.samples import SampleContents, SampleRecord


def sample_summary(record: SampleRecord) -> dict[str, Any]:
    """One sample without its calls: who drew it, when, with what seed and parameters."""
    return {
        "id": record.id,
        "open": record.open,
        "drawn_by": record.drawn_by,
        "drawn_at": record.drawn_at.isoformat(timespec="seconds"),
        "seed": record.seed,
        "params": record.params,
        "population": dict(record.population),
        "calls": len(record.members),
    }


def sample_details(contents: SampleContents) -> dict[str, Any]:
    """One sample with its calls in draw order, each as `qa calls --json` lists it plus the
    stratum it was drawn from."""
    calls = [call_summary(call) | {"stratum": contents.stratum(call)} for call in contents.calls]
    return sample_summary(contents.record) | {"calls": calls}


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


def _members_table(contents: SampleContents) -> Table:
    table = Table("#", "call", "agent", "started", "file", "stratum", title="Calls drawn")
    for position, call in enumerate(contents.calls, start=1):
        started = call.meta.started_at.strftime("%Y-%m-%d %H:%M") if call.meta.started_at else ""
        table.add_row(
            str(position),
            escape(call.meta.call_id or str(call.id)),
            escape(call.meta.agent),
            started,
            escape(call.path),
            escape(contents.stratum(call)),
        )
    return table


def print_draw(drawn: DrawnSample, contents: SampleContents) -> None:
    """A new draw: why it is this size, the sizes per agent, the calls and the seed."""
    draw, excluded = drawn.draw, drawn.population.excluded
    for line in draw.reasoning:
        console.print(escape(line))
    console.print(_sizes_table(drawn))
    console.print(_members_table(contents))
    left_out = ", ".join(f"{n} {why}" for why, n in sorted(excluded.items()))
    pool = len(drawn.population.candidates)
    console.print(
        f"Drawn from {plural(pool, 'eligible call')}"
        + (f" (left out: {left_out})." if left_out else ".")
    )
    console.print(
        f"Sample {drawn.sample_id}: {plural(len(draw.picked), 'call')}, seed {draw.seed} "
        f"(same calls + `--seed {draw.seed}` draws the same sample). "
        f"Next: qa transcribe --sample {drawn.sample_id}"
    )


def print_list(records: list[SampleRecord]) -> None:
    """Every sample drawn, one row each, with whether it is still open."""
    if not records:
        console.print("No samples drawn yet. Draw one with: qa sample draw --rate 5% --per-agent 2")
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


def print_show(contents: SampleContents) -> None:
    """One sample: state, seed, parameters worth reading, population and calls per agent."""
    record = contents.record
    drawn_at = record.drawn_at.isoformat(timespec="seconds")
    state = "open" if record.open else "closed"
    console.print(f"Sample {record.id} ({state}), drawn by {escape(record.drawn_by)} at {drawn_at}")
    console.print(f"seed {record.seed}")
    given = {k: v for k, v in record.params.items() if _worth_showing(record.params, k, v)}
    console.print(escape("parameters: " + ", ".join(f"{k}={v}" for k, v in given.items())))
    drawn = contents.drawn_per_agent()
    table = Table("agent", "calls in population", "drawn", title="Population")
    for agent, calls in sorted(record.population.items()):
        table.add_row(escape(agent or "(no agent)"), str(calls), str(drawn.get(agent, 0)))
    console.print(table)
    console.print(_members_table(contents))
