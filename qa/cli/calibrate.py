"""`qa calibrate`: assign a sample to supervisors blind, record their verdicts; agreement table."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qa.cli.app import app, console, workspace
from qa.domain.calibration.agreement import ItemAgreement
from qa.errors import BadInputError
from qa.workspace import current_login

USAGE = (
    "Start with --sample ID --supervisors a,b or record with --score CALL --item ID --verdict V."
)


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
    """Print a session's agreement tables (used by `qa report --calibration ID`)."""
    # deferred: keeps qa --help fast (no SQLAlchemy/numpy at start-up)
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.review.calibration import calibration_agreement

    ws = workspace()
    with authorized_store(ws, "calibrate") as (store, _who):
        found = calibration_agreement(ws, store, current_login(), calibration_id)
    session = found.session
    console.print(
        f"Calibration {session.id}: sample {session.sample_id}, {len(session.call_ids)} calls, "
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
        raise BadInputError("--sample needs --supervisors a,b,c.", hint=USAGE)
    ws = workspace()
    with authorized_store(ws, "calibrate") as (store, _who):
        session = start_calibration(
            ws, store, current_login(), sample, supervisor_list(supervisors)
        )
    skipped = f" ({session.skipped} unscored calls left out)" if session.skipped else ""
    console.print(
        f"Calibration {session.id}: {len(session.call_ids)} calls of sample {sample} assigned "
        f"blind to {escape(', '.join(session.supervisors))}{skipped}."
    )


def _record(call: str, item: str | None, verdict: str | None, calibration: int | None) -> None:
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.review.calibration import record_verdict

    if not item or not verdict:
        raise BadInputError("--score needs --item ID and --verdict pass|fail|na.", hint=USAGE)
    ws = workspace()
    with authorized_store(ws, "calibrate") as (store, _who):
        session = record_verdict(ws, store, current_login(), call, item, verdict, calibration)
    console.print(
        escape(f"Recorded {item} = {verdict.lower()} on call {call} (calibration {session}).")
    )


@app.command("calibrate")
def calibrate_command(
    sample: Annotated[int | None, typer.Option(help="Start a session on this sample.")] = None,
    supervisors: Annotated[
        str | None, typer.Option(help="Comma-separated supervisor logins to assign.")
    ] = None,
    score: Annotated[
        str | None, typer.Option("--score", help="Record your verdict on this call.")
    ] = None,
    item: Annotated[str | None, typer.Option(help="The rubric item id you score.")] = None,
    verdict: Annotated[str | None, typer.Option(help="pass, fail or na.")] = None,
    calibration: Annotated[
        int | None, typer.Option(help="The session (default: your latest for that call).")
    ] = None,
) -> None:
    """Calibrate supervisors: the same calls scored blind, then agreement per item.

    See agreement with `qa report --calibration ID`.
    Example: qa calibrate --sample 3 --supervisors maria,li,omar
    """
    if (sample is None) == (score is None):
        raise BadInputError("Give either --sample or --score.", hint=USAGE)
    if sample is not None:
        _start(sample, supervisors)
    else:
        assert score is not None
        _record(score, item, verdict, calibration)
