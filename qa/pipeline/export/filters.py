"""The export and report filter from what a person typed: dates, agent, team, sample, status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from qa.domain.export.choices import STATUSES  # also imported from here
from qa.domain.export.records import ExportFilter
from qa.errors import BadInputError
from qa.pipeline.export.export import agent_id, visible_agent
from qa.storage.store import Store
from qa.workspace import Workspace


def moment(text: str | None, flag: str, *, end_of_day: bool = False) -> datetime | None:
    """A date (YYYY-MM-DD, UTC) or an ISO time; a bare --until date includes that whole day."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        if len(text) == 10:
            day = datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
            return day + timedelta(days=1) if end_of_day else day
        found = datetime.fromisoformat(text)
    except ValueError:
        raise BadInputError(f"{flag} {text!r} is not a date; write it as 2026-11-20.") from None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def checked_status(status: str | None) -> str:
    """A review status, or "" for none; BadInputError for an unknown one."""
    if status and status not in STATUSES:
        raise BadInputError(
            f"Unknown status {status!r}.", hint=f"Statuses are: {', '.join(STATUSES)}."
        )
    return status or ""


def export_filter(
    ws: Workspace,
    store: Store,
    login: str,
    *,
    since: str | None = None,
    until: str | None = None,
    agent: str | None = None,
    team: str | None = None,
    sample_id: int | None = None,
    status: str | None = None,
) -> ExportFilter:
    """The filter for `login`: an agent's login only ever sees that agent's calls."""
    start, end = moment(since, "--since"), moment(until, "--until", end_of_day=True)
    if start and end and start >= end:
        raise BadInputError(f"--since {since} is not before --until {until}.")
    if sample_id is not None:
        store.sample(sample_id)  # NotFoundError names the sample
    return ExportFilter(
        since=start,
        until=end,
        agent=agent_id(store, agent) if agent else "",
        team=team or "",
        sample_id=sample_id,
        status=checked_status(status),
        visible_agent=visible_agent(ws, store, login),
    )
