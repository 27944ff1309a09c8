"""`qa eval`: how accurate automatic scoring is against labelled calls."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qa.cli.app import app, console, state
from qa.domain.calibration.evaluation import EvalReport
from qa.domain.rubric.parse import load_rubric
from qa.domain.wording import plural
from qa.pipeline.scoring.check import evaluate_folder, workspace_agents

VERDICTS = ("pass", "fail", "uncertain", "na", "pending")


def _accuracy_table(report: EvalReport) -> Table:
    table = Table(title="Per item (F1 of `pass`; uncertain counts as not pass)")
    for column in (
        "item",
        "calls",
        "precision",
        "recall",
        "F1",
        "kappa",
        "uncertain",
        "false pass",
    ):
        table.add_column(column, justify="left" if column == "item" else "right")
    for acc in report.items:
        style = "green" if acc.f1 >= 0.97 and not acc.false_passes else "yellow"
        table.add_row(
            escape(acc.item),
            str(acc.calls),
            f"{acc.precision:.3f}",
            f"{acc.recall:.3f}",
            f"[{style}]{acc.f1:.3f}[/]",
            f"{acc.kappa:.3f}",
            str(acc.uncertain),
            str(acc.false_passes),
        )
    return table


def _confusion_table(report: EvalReport) -> Table:
    table = Table(title="Labels (rows) x automatic verdicts (columns)")
    table.add_column("label")
    for verdict in VERDICTS:
        table.add_column(verdict, justify="right")
    for label in ("pass", "fail", "na"):
        table.add_row(label, *(str(report.confusion.get((label, v), 0)) for v in VERDICTS))
    return table


def _print_disagreements(report: EvalReport) -> None:
    console.print(f"\n{plural(len(report.disagreements), 'disagreement')}:")
    for d in report.disagreements:
        r = d.result
        console.print(
            f"  {d.label.call} {d.label.item}: label {d.label.verdict}, got "
            f"{r.verdict.value} — {r.reason}",
            highlight=False,
            markup=False,
        )
        for ev in r.evidence:
            console.print(
                f"      {ev.start:6.1f}s {ev.speaker}: “{ev.text}” ({ev.similarity:.0f}%)",
                highlight=False,
                markup=False,
            )


@app.command("eval")
def evaluate(
    folder: Annotated[
        Path, typer.Argument(help="Folder of transcripts (*.json, *.transcript.json).")
    ],
    rubric: Annotated[Path, typer.Option("--rubric", "-r", help="Rubric TOML file.")],
    labels: Annotated[
        Path | None,
        typer.Option(
            "--labels", "-l", help="Labels CSV call,item,verdict (default: FOLDER/labels.csv)."
        ),
    ] = None,
) -> None:
    """Measure automatic scoring against labelled calls: precision, recall, F1, kappa per item.

    A label's call is the transcript's file stem (`C-1001.transcript.json` is call C-1001);
    `pending` labels mark manual items and are skipped.

    Example: qa eval transcripts/ --labels recordings/truth.csv --rubric rubrics/acme_inbound.toml
    """
    own_agents = (folder / "agents.toml").is_file()
    agents = None if own_agents else workspace_agents(state.workspace_path)
    report = evaluate_folder(folder, load_rubric(rubric), labels, agents)
    console.print(_accuracy_table(report))
    console.print(_confusion_table(report))
    _print_disagreements(report)
    if report.manual:
        console.print(f"{plural(len(report.manual), 'pending label')} skipped: manual items.")
    if report.missing:
        naming = plural(len(report.missing), "label names", "labels name")
        console.print(f"{naming} calls or items that were not scored.")
