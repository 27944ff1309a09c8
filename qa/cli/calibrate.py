"""`qa calibrate start|score|report`: assign a sample to supervisors blind, record their
verdicts, print the agreement table.

The old forms `qa calibrate --sample ID --supervisors a,b` and `qa calibrate --score CALL ...`
still work for one release.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qa.cli.app import app, console, workspace
from qa.domain.calibration.agreement import ItemAgreement
from qa.domain.wording import plural
from qa.errors import BadInputError
from qa.workspace import current_login

USAGE = (
    "Start with `qa calibrate start SAMPLE --supervisors a,b` or record with "
    "`qa calibrate score CALL --item ID --verdict V`."
)

calibrate_app = typer.Typer(invoke_without_command=True, no_args_is_help=False)
app.add_typer(calibrate_app, name="calibrate")

Supervisors = Annotated[
    str | None, typer.Option(help="Comma-separated supervisor logins to assign.")
]
Item = Annotated[str | None, typer.Option(help="The rubric item id you score.")]
Verdict = Annotated[str | None, typer.Option(help="pass, fail or na.")]
Calibration = Annotated[
    int | None, typer.Option(help="The session (default: your latest for that call).")
]


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _kappa(row: ItemAgreement) -> str:
    return "-" if row.kappa is None else f"{row.kappa:.2f} ({row.method})"


def _agreement_table(title: str, rows: tuple[ItemAgreement, ...], who: str) -> Table:
    table = Table(title=title)
    table.add_column("item")
    for name in ("calls", who, "agreement", "kappa"):
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(
            escape(row.item), str(row.calls), str(row.raters), _share(row.percent), _kappa(row)
        )
    return table


def print_agreement(calibration_id: int) -> None:
    """Print a session's agreement tables (`qa calibrate report ID`, `qa report --calibration`)."""
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.review.calibration import calibration_agreement

    ws = workspace()
    with authorized_store(ws, "calibrate report") as (store, _who):
        found = calibration_agreement(ws, store, current_login(), calibration_id)
    session = found.session
    calls = plural(len(session.call_ids), "call")
    console.print(
        f"Calibration {session.id}: sample {session.sample_id}, {calls}, "
        f"supervisors {escape(', '.join(session.supervisors))}."
    )
    for supervisor, count in found.rated.items():
        console.print(
            f"  {escape(supervisor)}: {count} of {found.expected_per_supervisor} item verdicts"
        )
    console.print(_agreement_table("Between supervisors", found.between, "raters"))
    console.print(
        _agreement_table("Supervisors vs automatic scorer", found.with_scorer, "supervisors")
    )


def _start(sample: int, supervisors: str | None) -> None:
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.review.calibration import start_calibration, supervisor_list

    if not supervisors:
        raise BadInputError("Starting a calibration needs --supervisors a,b,c.", hint=USAGE)
    ws = workspace()
    with authorized_store(ws, "calibrate start") as (store, _who):
        session = start_calibration(
            ws, store, current_login(), sample, supervisor_list(supervisors)
        )
    skipped = f" ({plural(session.skipped, 'unscored call')} left out)" if session.skipped else ""
    calls = plural(len(session.call_ids), "call")
    console.print(
        f"Calibration {session.id}: {calls} of sample {sample} assigned "
        f"blind to {escape(', '.join(session.supervisors))}{skipped}."
    )


def _record(call: str, item: str | None, verdict: str | None, calibration: int | None) -> None:
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.review.calibration import record_verdict

    if not item or not verdict:
        raise BadInputError("Scoring needs --item ID and --verdict pass|fail|na.", hint=USAGE)
    ws = workspace()
    with authorized_store(ws, "calibrate score") as (store, _who):
        session = record_verdict(ws, store, current_login(), call, item, verdict, calibration)
    console.print(
        escape(f"Recorded {item} = {verdict.lower()} on call {call} (calibration {session}).")
    )


@calibrate_app.command("start")
def start_command(
    sample: Annotated[int, typer.Argument(help="The sample whose calls the supervisors score.")],
    supervisors: Supervisors = None,
) -> None:
    """Start a session: the sample's scored calls assigned blind to each supervisor.

    Example: qa calibrate start 3 --supervisors maria,li,omar
    """
    _start(sample, supervisors)


@calibrate_app.command("score")
def score_command(
    call: Annotated[str, typer.Argument(help="The call: its db id, or its metadata call_id.")],
    item: Item = None,
    verdict: Verdict = None,
    calibration: Calibration = None,
) -> None:
    """Record your blind verdict on one item of a call assigned to you.

    Example: qa calibrate score C-1001 --item greeting --verdict pass
    """
    _record(call, item, verdict, calibration)


@calibrate_app.command("report")
def report_command(
    calibration: Annotated[int, typer.Argument(help="The calibration session id.")],
) -> None:
    """Agreement per item: between supervisors, and of supervisors with the automatic scorer.

    Example: qa calibrate report 1   (the same as qa report --calibration 1)
    """
    print_agreement(calibration)


@calibrate_app.callback()
def calibrate_command(
    ctx: typer.Context,
    sample: Annotated[
        int | None,
        typer.Option(help="Old form of `qa calibrate start SAMPLE` (kept for one release)."),
    ] = None,
    supervisors: Supervisors = None,
    score: Annotated[
        str | None,
        typer.Option(
            "--score", help="Old form of `qa calibrate score CALL` (kept for one release)."
        ),
    ] = None,
    item: Item = None,
    verdict: Verdict = None,
    calibration: Calibration = None,
) -> None:
    """Calibrate supervisors: the same calls scored blind, then agreement per item.

    `start SAMPLE` assigns the calls, `score CALL` records a verdict, `report ID` prints agreement.
    Old forms, kept for one release (the options below are theirs):
    `qa calibrate --sample 3 --supervisors a,b` = `qa calibrate start 3 --supervisors a,b`;
    `qa calibrate --score CALL --item ID --verdict V` = `qa calibrate score CALL ...`.

    Example: qa calibrate start 3 --supervisors maria,li,omar
    """
    given = (sample, supervisors, score, item, verdict, calibration)
    if ctx.invoked_subcommand is not None:
        if any(value is not None for value in given):
            raise BadInputError(
                f"Put the options after the action: qa calibrate {ctx.invoked_subcommand} ...",
                hint=USAGE,
            )
        return
    if (sample is None) == (score is None):
        raise BadInputError("Give either --sample or --score.", hint=USAGE)
    if sample is not None:
        _start(sample, supervisors)
    else:
        assert score is not None
        _record(score, item, verdict, calibration)
