"""An interrupted export never leaves a half-written file, and never spoils the one it replaces."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.domain.export.records import ExportFilter
from qa.pipeline.export import to_csv as export_csv
from qa.pipeline.export import to_pdf as export_pdf
from qa.pipeline.export.export import ExportOptions, export_calls, write_atomically
from qa.storage.store import Store
from tests.pipeline.export.test_export_data import populate

OLD = "last month's export\n"


def _fail_on_third(real):  # type: ignore[no-untyped-def]
    seen = []

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(1)
        if len(seen) == 3:
            raise KeyboardInterrupt  # the supervisor presses Ctrl-C mid-export
        return real(*args, **kwargs)

    return failing


@pytest.fixture
def scored(tmp_path: Path) -> Iterator[Store]:
    """Five scored calls in a SQLite store."""
    with Store.open(f"sqlite:///{tmp_path / 'qa.db'}") as store:
        populate(store)
        yield store


@pytest.mark.parametrize(
    ("fmt", "module", "name"),
    [("csv", export_csv, "call_row"), ("pdf", export_pdf, "scorecard_page")],
)
@pytest.mark.parametrize("existing", [True, False])
def test_a_failure_mid_export_leaves_nothing_half_written(
    scored: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    module: object,
    name: str,
    existing: bool,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"scorecards.{fmt}"
    if existing:
        out.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(module, name, _fail_on_third(getattr(module, name)))
    with pytest.raises(KeyboardInterrupt):
        export_calls(scored, ExportFilter(), out, ExportOptions(fmt, include_provisional=True))
    assert [p.name for p in folder.iterdir()] == ([out.name] if existing else [])
    if existing:
        assert out.read_text(encoding="utf-8") == OLD


def test_a_finished_export_replaces_the_old_file_whole(scored: Store, tmp_path: Path) -> None:
    out = tmp_path / "scorecards.csv"
    out.write_text(OLD, encoding="utf-8")
    done = export_calls(scored, ExportFilter(), out, ExportOptions("csv"))
    assert done.calls == 5
    assert OLD not in out.read_text(encoding="utf-8-sig")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("qa.db")] == [out.name]


def test_the_temporary_file_sits_beside_the_target(tmp_path: Path) -> None:
    seen: list[Path] = []
    write_atomically(tmp_path / "a.json", lambda part: (seen.append(part), part.write_text("{}")))
    assert seen[0].parent == tmp_path and seen[0].name.startswith(".a.json.")
    assert not seen[0].exists() and (tmp_path / "a.json").read_text() == "{}"
