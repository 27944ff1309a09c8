"""Reading call metadata files: <stem>.json sidecars and manifest.csv (column `file`)."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.csv"
SIDECAR_SUFFIX = ".json"
TRANSCRIPT_SUFFIX = ".transcript.json"


def _shown(path: str) -> str:
    return os.path.basename(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_sidecar(path: str) -> tuple[dict[str, Any], str]:
    """A sidecar's fields, or ({}, why it cannot be used)."""
    where = f"sidecar {_shown(path)}"
    try:
        with open(path, "rb") as handle:
            raw = json.loads(handle.read().decode("utf-8-sig"))
    except OSError as exc:
        return {}, f"{where}: cannot read ({exc.strerror})"
    except UnicodeDecodeError:
        return {}, f"{where}: not UTF-8 text"
    except json.JSONDecodeError as exc:
        return {}, f"{where}: invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})"
    if not isinstance(raw, dict):
        return {}, f"{where}: must hold a JSON object, not {type(raw).__name__}"
    try:
        json.dumps(raw, ensure_ascii=False).encode(
            "utf-8"
        )  # lone surrogates from \ud800 escapes cannot be stored
    except UnicodeEncodeError:
        return {}, f"{where}: holds text that is not valid Unicode"
    return raw, ""


@dataclass
class Manifest:
    """Rows of every manifest.csv seen, by the absolute path of the file each row describes."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    stamps: dict[str, str] = field(default_factory=dict)  # audio path -> manifest stamp
    problems: list[tuple[str, str]] = field(default_factory=list)  # (manifest path, reason)
    row_problems: dict[str, str] = field(default_factory=dict)  # audio path -> its row's problem
    # folder -> what is wrong with its manifest as a whole (no `file` column, a row naming no
    # file); told to every recording of the folder that no row names, as it may be theirs
    folder_problems: dict[str, list[str]] = field(default_factory=dict)

    def _whole(self, path: str, reason: str) -> None:
        self.problems.append((path, reason))
        self.folder_problems.setdefault(os.path.dirname(path), []).append(reason)

    def add(self, path: str, stamp: str) -> None:
        """Read one manifest.csv; `file` cells are relative to its folder."""
        try:
            with open(path, "rb") as handle:
                text = handle.read().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self._whole(path, f"cannot read manifest ({exc})")
            return
        reader = csv.DictReader(io.StringIO(text))
        header = [(h or "").strip() for h in reader.fieldnames or []]
        if "file" not in header:
            self._whole(path, f"{MANIFEST_NAME} has no `file` column: its metadata was not read")
            return
        reader.fieldnames = header
        folder = os.path.dirname(path)
        for row in reader:
            self._add_row(folder, row, stamp, f"{MANIFEST_NAME} line {reader.line_num}")

    def _add_row(self, folder: str, row: dict[str, Any], stamp: str, where: str) -> None:
        name = str(row.get("file") or "").strip()
        if not name:
            self._whole(os.path.join(folder, MANIFEST_NAME), f"{where} names no file: not used")
            return
        target = os.path.normpath(os.path.join(folder, name))
        cells = {k: str(v).strip() for k, v in row.items() if k and k != "file" and v}
        self.rows[target] = cells
        self.stamps[target] = stamp
        problem = _row_problem(row, where)
        if problem:
            self.row_problems[target] = problem
        else:
            self.row_problems.pop(target, None)

    def problems_of(self, audio_path: str) -> list[str]:
        """What is wrong with the manifest metadata of one recording."""
        target = os.path.normpath(audio_path)
        if target in self.rows:
            return [self.row_problems[target]] if target in self.row_problems else []
        return list(self.folder_problems.get(os.path.dirname(target), []))

    def fields(self, audio_path: str) -> dict[str, str]:
        """The manifest row for an audio file ({} when no manifest names it)."""
        return self.rows.get(os.path.normpath(audio_path), {})


def _row_problem(row: dict[Any, Any], where: str) -> str:
    # csv gives None for the cells a short row lacks, and a list under None for extra cells.
    missing = [str(k) for k, v in row.items() if k is not None and v is None]
    if missing:
        return f"{where} has missing cells ({', '.join(missing)}): fill them or leave them empty"
    if row.get(None):
        return f"{where} has more cells than the header: check for a stray comma"
    return ""


def sidecar_path(audio_path: str) -> str:
    """Where the metadata sidecar of an audio file lives."""
    return str(Path(audio_path).with_suffix(SIDECAR_SUFFIX))
