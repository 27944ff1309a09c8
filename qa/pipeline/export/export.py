"""The one export function the CLI and the TUI call: load scored calls, write a file atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from qa.domain.agents import find_agent
from qa.domain.export.choices import FORMATS  # also imported from here
from qa.domain.export.records import ExportFilter, ScoredCall
from qa.domain.review.review import review_role
from qa.domain.wording import plural
from qa.errors import AccessDeniedError, BadInputError
from qa.pipeline.failures import file_error
from qa.storage.store import Store
from qa.workspace import Workspace


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How to write: the format, CSV's long layout, and the report goal shown in summaries."""

    format: str
    long: bool = False
    offer_goal: float = 0.8
    include_provisional: bool = False  # PDF: unreviewed calls too; summaries: in the means


@dataclass(frozen=True, slots=True)
class ExportDone:
    """What an export wrote, and which calls of the filter it did not, with why."""

    path: Path
    format: str
    calls: int
    final: int = 0  # of `calls`, scorecards a supervisor finalized
    left_out: int = 0  # provisional scorecards not written (a PDF without --include-provisional)
    unscored: int = 0  # calls the filter selects that have no scorecard yet

    def summary(self) -> str:
        """One or two sentences for a person: what was written, what was not and why."""
        provisional = self.calls - self.final
        kinds = f"{self.final} final, {provisional} provisional" if provisional else "all final"
        text = f"Exported {plural(self.calls, 'scorecard')} ({kinds}) to {self.path}."
        if not self.calls:
            text = f"Exported no scorecards to {self.path}."
        if self.left_out:
            calls = plural(self.left_out, "call", "calls")
            text += (f" {calls} not reviewed yet left out: include them with "
                     "--include-provisional (marked provisional).")  # fmt: skip
        if self.unscored:
            calls = plural(self.unscored, "call has", "calls have")
            text += (f" {calls} no scorecard yet (not sampled, transcribed or scored): "
                     "`qa run --all` scores every call.")  # fmt: skip
        return text


def offer_goal(ws: Workspace) -> float:
    """qa.toml [report] offer_goal: the share of calls in which every up-sell should be offered."""
    raw = ws.section("report").get("offer_goal", 0.8)
    try:
        goal = float(raw)
    except (TypeError, ValueError):
        goal = -1.0
    if not 0.0 <= goal <= 1.0:
        raise BadInputError(
            f"qa.toml [report] offer_goal is {raw!r}, not a share between 0 and 1.",
            hint="Write it as a share, e.g. offer_goal = 0.8 for 80 %.",
        )
    return goal


def visible_agent(ws: Workspace, store: Store, login: str) -> str | None:
    """None for a supervisor or admin (sees every call); an agent's own id for an agent's login."""
    agents = store.agents()
    role = review_role(login, ws.section("access"), {a.login for a in agents})
    if role in ("admin", "supervisor"):
        return None
    if role == "agent":
        return next(a.id for a in agents if a.login.casefold() == login.casefold())
    raise AccessDeniedError(
        f"The login {login!r} is not an agent, supervisor or admin of this workspace.",
        hint=f"Add it to agents.toml or to [access] in {ws.root / 'qa.toml'}, or set QA_LOGIN.",
    )


def agent_id(store: Store, text: str) -> str:
    """The agent id for an id, login or name (the text itself when no agent matches)."""
    found = find_agent(store.agents(), text)
    return found.id if found else text


def scored_calls(store: Store, where: ExportFilter) -> list[ScoredCall]:
    """The scored calls a filter selects, complete with items, overrides, comments, disputes."""
    return store.scored_calls(where)


def _check_target(out: Path) -> None:
    if out.is_dir():
        raise BadInputError(f"{out} is a folder; --out needs a file name.")
    if not out.parent.is_dir():
        raise BadInputError(
            f"The folder {out.parent} does not exist.", hint="Create it, or choose another --out."
        )


def write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """Run `write` on a temporary file beside `out`, then move it into place in one step.

    An interrupted or failed export leaves no half-written file, and an existing file at `out`
    stays as it was.
    """
    _check_target(out)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise file_error(exc, out) from exc
    os.close(handle)
    part = Path(temporary)
    try:
        write(part)
        with part.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(part, out)
    except OSError as exc:  # a full or read-only disk: one sentence, the old file untouched
        part.unlink(missing_ok=True)
        raise file_error(exc, out) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def write_calls(
    calls: Sequence[ScoredCall], out: Path, options: ExportOptions, where: ExportFilter
) -> None:
    """Write already loaded calls in the chosen format (formats import their libraries lazily)."""
    if options.format == "csv":
        from qa.pipeline.export.to_csv import write_csv

        write_atomically(out, lambda part: write_csv(calls, part, options.long))
    elif options.format == "json":
        from qa.pipeline.export.to_json import write_json

        now = datetime.now(UTC)
        write_atomically(out, lambda part: write_json(calls, part, where, now))
    elif options.format == "xlsx":
        from qa.pipeline.export.to_xlsx import write_xlsx

        write_atomically(
            out,
            lambda part: write_xlsx(calls, part, options.offer_goal, options.include_provisional),
        )
    elif options.format == "pdf":
        from qa.pipeline.export.to_pdf import write_pdf

        write_atomically(
            out,
            lambda part: write_pdf(calls, part, options.offer_goal, options.include_provisional),
        )
    else:
        raise BadInputError(
            f"Unknown export format {options.format!r}.", hint=f"Use one of {', '.join(FORMATS)}."
        )


def export_calls(
    store: Store, where: ExportFilter, out: Path, options: ExportOptions
) -> ExportDone:
    """Export the scored calls `where` selects to `out`; only stored (redacted) text is read."""
    if options.format not in FORMATS:
        raise BadInputError(
            f"Unknown export format {options.format!r}.", hint=f"Use one of {', '.join(FORMATS)}."
        )
    if options.long and options.format != "csv":
        raise BadInputError("--long applies to CSV only.", hint="Use --format csv --long.")
    _check_target(out)
    calls = scored_calls(store, where)
    written = calls
    if options.format == "pdf" and not options.include_provisional:
        written = [c for c in calls if c.final]  # a coach hands over reviewed scorecards only
    write_calls(written, out, options, where)
    unscored = store.unscored_count(where)
    final = sum(c.final for c in written)
    return ExportDone(out, options.format, len(written), final, len(calls) - len(written), unscored)
