"""`qa check`: score one transcript file against a rubric, no database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from qa.cli.app import app, console, state
from qa.cli.scorecard_view import scorecard_view
from qa.domain.metrics.metrics import metrics_from_transcript
from qa.domain.rubric.parse import load_rubric
from qa.domain.scoring.scoring import score_call
from qa.pipeline.scoring.check import agents_for, parse_meta, read_transcript_file, resolve_agent


@app.command()
def check(
    transcript: Annotated[Path, typer.Argument(help="A qa-transcript/1 JSON file.")],
    rubric: Annotated[Path, typer.Option("--rubric", "-r", help="Rubric TOML file.")],
    agent: Annotated[
        str | None, typer.Option(help="Agent id (from agents.toml) or the name they say.")
    ] = None,
    meta: Annotated[
        list[str] | None, typer.Option("--meta", help="Call metadata KEY=VALUE (a,b gives a list).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scorecard as JSON.")] = False,
) -> None:
    """Score one transcript against a rubric and show every verdict with its evidence.

    Example: qa check call.json --rubric rubrics/acme_inbound.toml --agent sarah.k --meta offers=a,b
    """
    call = read_transcript_file(transcript)
    found = load_rubric(rubric)
    details = {**call.meta, **parse_meta(meta or [])}
    key = agent or str(details.get("agent") or "")
    roster = agents_for(transcript, state.workspace_path)
    who = resolve_agent(key, roster) if key else None
    metrics = metrics_from_transcript(call.transcript)  # no audio here: timings from the words
    card = score_call(call.transcript, found, who, details, metrics, roster=roster)
    if not card.call.get("call_id"):
        card.call["call_id"] = transcript.stem
    if as_json:
        console.print_json(json.dumps(card.to_dict()))
        return
    console.print(scorecard_view(card, f"{transcript.name} — {found.name} {found.version}"))
