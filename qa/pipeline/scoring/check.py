"""Scoring transcript files without a database: `qa check` and `qa eval` read calls this way."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.domain.agents import Agent, find_agent
from qa.domain.calibration.evaluation import EvalReport, evaluate, read_labels
from qa.domain.metrics.metrics import metrics_from_transcript
from qa.domain.rubric.rubric import Rubric
from qa.domain.scorecard import Scorecard
from qa.domain.scoring.scoring import score_call
from qa.domain.transcript import Transcript, transcript_from_dict
from qa.errors import BadInputError, QaError
from qa.pipeline.access.agents import read_agents_file
from qa.workspace import open_workspace


@dataclass(frozen=True, slots=True)
class TranscriptFile:
    """A qa-transcript/1 file and the call metadata that came with it."""

    path: Path
    transcript: Transcript
    meta: dict[str, Any]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"Cannot read {path}: {exc}.", hint="Check the path.") from exc
    except json.JSONDecodeError as exc:
        raise BadInputError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}).") from exc


TRANSCRIPT_SUFFIX = ".transcript.json"  # `<stem>.transcript.json` beside `<stem>.json` metadata


def call_name(path: Path) -> str:
    """The call a transcript file is of: its stem, without `.transcript` (labels use this)."""
    if path.name.endswith(TRANSCRIPT_SUFFIX):
        return path.name.removesuffix(TRANSCRIPT_SUFFIX)
    return path.stem


def _json_object(path: Path) -> dict[str, Any]:
    """A JSON object file's content; nothing when the file is absent or holds something else."""
    found = _read_json(path) if path.is_file() else None
    return dict(found) if isinstance(found, dict) else {}


def read_transcript_file(path: Path) -> TranscriptFile:
    """A transcript file and its call metadata: the `<stem>.json` sidecar (DESIGN §5) beside a
    `<stem>.transcript.json`, overridden by the transcript's own `call` object, overridden by
    a `<name>.meta.json` beside it."""
    raw = _read_json(path)
    if not isinstance(raw, dict):
        raise BadInputError(f"{path}: a qa-transcript/1 file holds a JSON object.")
    try:
        transcript = transcript_from_dict(raw)
    except ValueError as exc:
        raise BadInputError(f"{path}: {exc}.", hint="See DESIGN.md §4 for the format.") from exc
    found = raw.get("call")
    own: dict[str, Any] = dict(found) if isinstance(found, dict) else {}
    sidecar = path.with_name(call_name(path) + ".json")
    side = _json_object(sidecar) if path.name.endswith(TRANSCRIPT_SUFFIX) else {}
    extra = _json_object(path.with_name(path.name.removesuffix(".json") + ".meta.json"))
    return TranscriptFile(path, transcript, {**side, **own, **extra})


def parse_meta(pairs: list[str]) -> dict[str, Any]:
    """`KEY=VALUE` pairs; a value with commas is a list (offers=a,b)."""
    meta: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise BadInputError(
                f"--meta {pair!r} is not KEY=VALUE.", hint="Example: --meta offers=a,b"
            )
        parts = [v.strip() for v in value.split(",") if v.strip()]
        meta[key.strip()] = parts if "," in value else value.strip()
    return meta


def workspace_agents(workspace_dir: Path | None) -> list[Agent]:
    """The agents of the workspace found from here (none when there is no workspace)."""
    try:
        ws = open_workspace(workspace_dir)
    except QaError:
        return []
    return read_agents_file(ws.agents_file) if ws.agents_file.is_file() else []


def agents_for(transcript: Path, workspace_dir: Path | None) -> list[Agent]:
    """The workspace's agents; without a workspace, an agents.toml beside the transcript."""
    found = workspace_agents(workspace_dir)
    beside = transcript.parent / "agents.toml"
    return found or (read_agents_file(beside) if beside.is_file() else [])


def resolve_agent(key: str, agents: list[Agent]) -> Agent:
    """The directory agent with this id, login or name; else an agent called literally `key`."""
    found = find_agent(agents, key)
    return found or Agent(id=key, name=key)


def transcript_files(folder: Path) -> list[Path]:
    """The transcript files of a folder: `*.json` but not the metadata sidecars
    (`*.meta.json`, and `<stem>.json` beside a `<stem>.transcript.json`)."""
    paths = sorted(p for p in folder.glob("*.json") if not p.name.endswith(".meta.json"))
    named = {call_name(p) for p in paths if p.name.endswith(TRANSCRIPT_SUFFIX)}
    return [p for p in paths if p.name.endswith(TRANSCRIPT_SUFFIX) or p.stem not in named]


def score_folder(folder: Path, rubric: Rubric, agents: list[Agent]) -> dict[str, Scorecard]:
    """Scorecards of every transcript in a folder, keyed by call name (file stem, as in labels)."""
    cards: dict[str, Scorecard] = {}
    for path in transcript_files(folder):
        call = read_transcript_file(path)
        key = str(call.meta.get("agent") or "")
        agent = resolve_agent(key, agents) if key else None
        metrics = metrics_from_transcript(call.transcript)
        cards[call_name(path)] = score_call(
            call.transcript, rubric, agent, call.meta, metrics, roster=agents
        )
    return cards


def evaluate_folder(
    folder: Path,
    rubric: Rubric,
    labels_file: Path | None = None,
    agents: list[Agent] | None = None,
) -> EvalReport:
    """Labelled transcripts in a folder, scored and compared with their labels (`qa eval`).

    Labels default to FOLDER/labels.csv; agents to FOLDER/agents.toml (none when it is absent).
    """
    labels_file = labels_file or folder / "labels.csv"
    if not labels_file.is_file():
        raise BadInputError(
            f"No labels file {labels_file}.", hint="Add rows call,item,verdict or pass --labels."
        )
    try:
        labels = read_labels(labels_file.read_text(encoding="utf-8"), str(labels_file))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInputError(str(exc)) from exc
    if agents is None:
        own = folder / "agents.toml"
        agents = read_agents_file(own) if own.is_file() else []
    return evaluate(labels, score_folder(folder, rubric, agents))
