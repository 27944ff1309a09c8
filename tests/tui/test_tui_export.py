"""Export from the queue: `x`, a format and a file, and the CLI's export of the queue's calls."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import miniaudio
from textual.pilot import Pilot
from textual.widgets import Input, Label

from qa.pipeline.playback import Player
from qa.pipeline.review.review import ReviewService
from qa.storage.store import Store
from qa.tui.app import ReviewApp, create_app
from qa.tui.screens.export_dialog import ExportDialog
from qa.tui.screens.queue import QueueScreen
from qa.workspace import Workspace
from tests.tui.data import fill
from tests.tui.pilot import drive, settle

SCORED = {"C-1001": "sarah.k", "C-1002": "tom.b"}  # C-1003 has no scorecard: not exported


def _app(store: Store, root: Path, login: str = "maria") -> ReviewApp:
    fill(store, root)
    ws = Workspace(root, {"access": {"supervisors": ["maria"]}})
    return create_app(ReviewService(store, login, ws), Player(backends=[miniaudio.Backend.NULL]))


def _csv_calls(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["call_ref"]: row["agent"] for row in csv.DictReader(handle)}


async def _export(pilot: Pilot[None], *keys: str) -> None:
    """Open the dialog, press `keys` (format, path), then Enter on the path."""
    await pilot.press("x")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExportDialog)
    await pilot.press(*keys, "enter")
    await settle(pilot)


def test_x_exports_the_queue_as_csv_to_the_workspace(store: Store, tmp_path: Path) -> None:
    app = _app(store, tmp_path)

    async def flow(pilot: Pilot[None]) -> None:
        await _export(pilot)  # Enter on the highlighted format (CSV) exports at once
        assert isinstance(pilot.app.screen, QueueScreen)
        notes = [n.message for n in pilot.app._notifications]
        out = tmp_path / "callqa-export.csv"
        # neither card is final; C-1003 has no scorecard, and the note says why it is missing
        assert notes[0].startswith(f"Exported 2 scorecards (0 final, 2 provisional) to {out}.")
        assert "1 call has no scorecard yet (not sampled" in notes[0]

    drive(app, flow)
    assert _csv_calls(tmp_path / "callqa-export.csv") == SCORED


def test_the_export_follows_the_queue_filter_and_chosen_format(
    store: Store, tmp_path: Path
) -> None:
    app = _app(store, tmp_path)

    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"agent:tom.b", "enter")
        await settle(pilot)
        await _export(pilot, "right")  # JSON, exported by the Enter that picks it

    drive(app, flow)
    exported = json.loads((tmp_path / "callqa-export.json").read_text(encoding="utf-8"))
    assert "C-1002" in json.dumps(exported) and "C-1001" not in json.dumps(exported)
    assert not (tmp_path / "callqa-export.csv").exists()


def test_an_agents_login_exports_only_their_own_calls(store: Store, tmp_path: Path) -> None:
    app = _app(store, tmp_path, login="sarah")  # Sarah Kim's login in agents of the store

    async def flow(pilot: Pilot[None]) -> None:
        await _export(pilot, "tab")

    drive(app, flow)
    assert _csv_calls(tmp_path / "callqa-export.csv") == {"C-1001": "sarah.k"}


def test_a_bad_path_is_said_and_the_dialog_stays_open(store: Store, tmp_path: Path) -> None:
    app = _app(store, tmp_path)
    missing = tmp_path / "no-such-folder" / "out.csv"

    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("x")
        await settle(pilot)
        pilot.app.screen.query_one("#export-path", Input).value = str(missing)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportDialog)
        said = str(pilot.app.screen.query_one("#export-keys", Label).render())
        assert f"The folder {missing.parent} does not exist." in said

    drive(app, flow)
    assert not missing.parent.exists()
