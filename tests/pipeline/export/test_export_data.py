"""A small centre's scored calls for export, report and calibration tests, and the query checks.

Five calls by two agents, with figures worked out by hand in the tests that use them:

| call | agent   | week     | greeting | disclosure* | suggested_offers | closing        | score |
|------|---------|----------|----------|-------------|------------------|----------------|-------|
| C-1  | sarah.k | 2026-W45 | pass     | pass        | pass             | fail -> pass** | 100   |
| C-2  | sarah.k | 2026-W45 | pass     | pass        | pass             | pass           | 100   |
| C-3  | sarah.k | 2026-W46 | pass     | fail        | na               | pass           | 0 *  |
| C-4  | tom.b   | 2026-W46 | pass     | pass        | fail             | pass           | 75    |
| C-5  | tom.b   | 2026-W49 | uncertain| pass        | pass             | pass           | 100 ***|

Points: greeting 20, disclosure 10 (critical), suggested_offers 15, closing 15; pass mark 80.
* critical, so C-3 auto-fails. ** overridden by maria with a reason, then finalized.
*** C-5 is provisional (greeting uncertain): 100 over the decided items, 66.7–100 once decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.domain.agents import Agent
from qa.domain.export.records import ExportFilter
from qa.domain.metrics.metrics import CallMetrics
from qa.domain.scorecard import Evidence, ItemResult, RubricRef, Scorecard, Verdict
from qa.errors import QaError
from qa.storage.store import Store
from qa.storage.tables.tables import DisputeRow
from qa.workspace import Workspace, open_workspace
from tests.storage.records import file_record, register

RUBRIC_TEXT = """name = "Acme inbound"
version = "2026.1"
pass_mark = 80
[[items]]
id = "greeting"
any = ["thank you for calling acme"]
[[items]]
id = "suggested_offers"
each = "offers"
"""
RUBRIC = RubricRef("Acme inbound", "2026.1", "cd" * 32)
P, F, NA, U = Verdict.PASS, Verdict.FAIL, Verdict.NA, Verdict.UNCERTAIN
CALLS = {
    "C-1": ("sarah.k", datetime(2026, 11, 2, 9, 14, tzinfo=UTC), (P, P, P, F)),
    "C-2": ("sarah.k", datetime(2026, 11, 4, 10, 0, tzinfo=UTC), (P, P, P, P)),
    "C-3": ("sarah.k", datetime(2026, 11, 10, 11, 0, tzinfo=UTC), (P, F, NA, P)),
    "C-4": ("tom.b", datetime(2026, 11, 11, 12, 0, tzinfo=UTC), (P, P, F, P)),
    "C-5": ("tom.b", datetime(2026, 12, 1, 13, 0, tzinfo=UTC), (U, P, P, P)),
}
GREETING_QUOTE = "thank you for calling acme wireless this is sarah"
OVERRIDE_REASON = "closing heard at 5:02 after the hold"
COMMENT = "Warm greeting, keep it up"
DISPUTE = "I gave the recording notice at 0:40"
AGENTS = [
    Agent("sarah.k", "Sarah Kim", login="sarah", team="Sales"),
    Agent("tom.b", "Tom Brown", login="tom", team="Care"),
]


def card(verdicts: tuple[Verdict, ...]) -> Scorecard:
    """The four-item scorecard with these verdicts (greeting, disclosure, offers, closing)."""
    quote = Evidence("thank you for calling {business}", GREETING_QUOTE, "agent", 1.5, 4.2, 93.0)
    greeting, disclosure, offers, closing = verdicts
    items = (
        ItemResult("greeting", "Greets with names", "Opening", greeting, 20, evidence=(quote,)),
        ItemResult("disclosure", "Recording disclosure", "Opening", disclosure, 10, True),
        ItemResult("suggested_offers", "Offers the up-sells", "Sales", offers, 15),
        ItemResult(
            "closing", "Closes the call", "Closing", closing, 15, reason="not heard", hint="Ask"
        ),
    )
    return Scorecard(RUBRIC, items, pass_mark=80.0)


def populate(store: Store) -> dict[str, int]:
    """Store the five calls with scorecards, review, comments, disputes and metrics."""
    store.save_agents(AGENTS)
    store.save_rubric(RUBRIC.name, RUBRIC.version, RUBRIC.sha256, RUBRIC_TEXT)
    records = [
        file_record(f"/rec/{ref}.wav", agent=agent, call_id=ref, started_at=at)
        for ref, (agent, at, _) in CALLS.items()
    ]
    ids = dict(zip(CALLS, register(store, *records), strict=True))
    for ref, (_, _, verdicts) in CALLS.items():
        store.save_scorecard(ids[ref], card(verdicts))
    _review(store, ids)
    _metrics(store, ids)
    store.save_sample(
        {"count": 2},
        7,
        "maria",
        {"sarah.k": 3, "tom.b": 2},
        [(ids["C-1"], "sarah.k"), (ids["C-4"], "tom.b")],
    )
    return ids


def _review(store: Store, ids: dict[str, int]) -> None:
    reviewed = store.reviewed_card(ids["C-1"])
    assert reviewed is not None
    version = store.set_item_verdict(
        reviewed.id, "closing", P, expected_version=1, actor="maria", reason=OVERRIDE_REASON
    )
    store.finalize_card(reviewed.id, expected_version=version, actor="maria")
    store.add_comment(ids["C-1"], "maria", COMMENT, item_id="greeting", at_seconds=1.5)
    with store.session() as session:
        session.add(
            DisputeRow(
                call_id=ids["C-3"], item_id="disclosure", raised_by="sarah.k", reason=DISPUTE
            )
        )
        session.add(
            DisputeRow(call_id=ids["C-2"], raised_by="sarah.k", reason="", status="acknowledged")
        )


def _metrics(store: Store, ids: dict[str, int]) -> None:
    store.save_metrics(
        ids["C-1"], CallMetrics(180, talk_ratio=0.6, longest_silence=30, monotone=False)
    )
    store.save_metrics(
        ids["C-2"], CallMetrics(200, talk_ratio=0.4, longest_silence=10, monotone=True)
    )
    store.save_metrics(ids["C-4"], CallMetrics(90, talk_ratio=0.5, longest_silence=70))


def refs(store: Store, where: ExportFilter) -> list[str]:
    """The call refs a filter selects, in export order."""
    return [c.call_ref for c in store.scored_calls(where)]


def test_scored_calls_come_back_complete(store: Store) -> None:
    ids = populate(store)
    calls = {c.call_ref: c for c in store.scored_calls(ExportFilter())}
    assert list(calls) == list(CALLS)
    first = calls["C-1"]
    assert (first.score, first.passed, first.card_state, first.reviewer) == (
        100.0,
        True,
        "final",
        "maria",
    )
    assert first.auto_score == 75.0 and first.status == "final"
    assert (first.agent_name, first.team, first.rubric_version) == ("Sarah Kim", "Sales", "2026.1")
    closing = first.item("closing")
    assert closing is not None and (closing.auto_verdict, closing.verdict) == (F, P)
    assert [(o.item_id, o.reviewer, o.reason) for o in first.overrides] == [
        ("closing", "maria", OVERRIDE_REASON)
    ]
    assert first.comments[0].text == COMMENT and first.comments[0].at_seconds == 1.5
    assert first.item("greeting").evidence[0].text == GREETING_QUOTE  # type: ignore[union-attr]
    assert first.offer_items == frozenset({"suggested_offers"})
    assert first.metrics is not None and first.metrics.talk_ratio == 0.6
    assert calls["C-3"].disputes[0].reason == DISPUTE and calls["C-3"].auto_fail
    assert calls["C-5"].provisional and calls["C-5"].metrics is None
    assert calls["C-1"].call_id == ids["C-1"]


def test_filters_narrow_the_calls(store: Store) -> None:
    ids = populate(store)
    assert refs(store, ExportFilter(agent="tom.b")) == ["C-4", "C-5"]
    assert refs(store, ExportFilter(team="Sales")) == ["C-1", "C-2", "C-3"]
    assert refs(
        store,
        ExportFilter(
            since=datetime(2026, 11, 4, tzinfo=UTC), until=datetime(2026, 11, 11, tzinfo=UTC)
        ),
    ) == ["C-2", "C-3"]
    assert refs(store, ExportFilter(status="final")) == ["C-1"]
    assert refs(store, ExportFilter(sample_id=1)) == ["C-1", "C-4"]
    assert ids


def test_an_agent_sees_only_their_own_calls_whatever_else_is_asked(store: Store) -> None:
    populate(store)
    assert refs(store, ExportFilter(visible_agent="tom.b")) == ["C-4", "C-5"]
    assert refs(store, ExportFilter(visible_agent="tom.b", agent="sarah.k")) == []
    assert refs(store, ExportFilter(visible_agent="")) == []


def test_unscored_calls_are_not_exported(store: Store) -> None:
    store.save_agents(AGENTS)
    register(store, file_record("/rec/new.wav", call_id="C-9"))
    assert refs(store, ExportFilter()) == []


AGENTS_TOML = """
[[agents]]
id = "sarah.k"
name = "Sarah Kim"
login = "sarah"
team = "Sales"

[[agents]]
id = "tom.b"
name = "Tom Brown"
login = "tom"
team = "Care"
"""
SUPERVISORS = ("tester", "maria", "li", "omar")


@dataclass
class Ran:
    """What a person sees: exit code, printed output, and the error sentence if any."""

    code: int
    out: str
    error: str = ""


@dataclass
class Centre:
    """A workspace whose database holds the five scored calls."""

    ws: Workspace
    url: str
    ids: dict[str, int]

    def qa(self, *args: str, login: str = "tester") -> Ran:
        """Run `qa ARGS...` as `login`, the way `qa.cli.main` does (QaError: its exit code)."""
        env = {"QA_LOGIN": login, "COLUMNS": "200"}
        result = CliRunner().invoke(
            app, ["-w", str(self.ws.root), "--database-url", self.url, *args], env=env
        )
        if isinstance(result.exception, QaError):
            return Ran(result.exception.exit_code, result.stdout, result.exception.message)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Ran(result.exit_code, result.stdout, result.stderr)

    def store(self) -> Store:
        """The centre's database."""
        return Store.open(self.url)


@pytest.fixture
def centre(workspace: Workspace, database_url: str) -> Centre:
    """The five calls in a workspace with two agents and four supervisors."""
    (workspace.root / "agents.toml").write_text(AGENTS_TOML, encoding="utf-8")
    settings = workspace.root / "qa.toml"
    listed = ", ".join(f'"{s}"' for s in SUPERVISORS)
    text = settings.read_text(encoding="utf-8").replace(
        'supervisors = ["tester"]', f"supervisors = [{listed}]"
    )
    settings.write_text(text, encoding="utf-8")
    with Store.open(database_url) as store:
        ids = populate(store)
    return Centre(open_workspace(workspace.root), database_url, ids)
