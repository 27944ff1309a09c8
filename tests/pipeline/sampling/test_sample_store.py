"""The sample stage on real databases: who may be drawn, what is stored, same seed same sample."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import update

from qa.domain.call import AudioInfo, CallMeta, ReviewStatus
from qa.domain.sampling.sampling import (
    Candidate,
    SamplingPolicy,
    Strategy,
    draw_sample,
    risk_weight,
)
from qa.domain.scorecard import ItemResult, RubricRef, Scorecard, Verdict
from qa.errors import BadInputError, NotFoundError
from qa.pipeline.sampling.sample import (
    ALREADY_REVIEWED,
    IN_OPEN_SAMPLE,
    UNREADABLE,
    CallFilter,
    draw_and_store,
    gather_population,
)
from qa.storage.records import FileRecord
from qa.storage.store import Store
from qa.storage.tables.tables import ScorecardRow

DAY0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
AGENTS = ("ann", "bob", "cy")
RUBRIC = RubricRef("Acme inbound", "2026.1", "f" * 64)


def sha(n: int) -> str:
    return hashlib.sha256(f"call-{n}".encode()).hexdigest()


def add_calls(
    store: Store, n: int, *, start: int = 0, agents: tuple[str, ...] = AGENTS, readable: bool = True
) -> None:
    """n calls spread over agents, queues and days, the way ingest registers them."""
    records = [
        FileRecord(
            path=f"recordings/call-{i}.wav",
            sha256=sha(i),
            size=1000 + i,
            mtime_ns=i,
            inode=i,
            meta=CallMeta(
                call_id=f"C-{i}",
                agent=agents[i % len(agents)],
                started_at=DAY0 + timedelta(hours=i),
                queue="sales" if i % 2 else "support",
            ),
            audio=AudioInfo(60.0, 2, 8000) if readable else None,
            problem="" if readable else "cannot decode",
        )
        for i in range(start, start + n)
    ]
    store.save_files(records)


def ids_by_sha(store: Store) -> dict[str, int]:
    return {call.sha256: call.id for call in store.calls()}


def shas_of(store: Store, call_ids: tuple[int, ...]) -> list[str]:
    by_id = {call.id: call.sha256 for call in store.calls()}
    return [by_id[i] for i in call_ids]


def auto_failed() -> Scorecard:
    items = (
        ItemResult("greeting", "Greeting", "Opening", Verdict.PASS, 20.0),
        ItemResult("courtesy", "Courtesy", "", Verdict.FAIL, 10.0, critical=True),
    )
    return Scorecard(RUBRIC, items)


class TestReproducible:
    """The same seed over the same calls draws the same sample, whatever the database."""

    def test_store_draw_matches_the_pure_draw(self, store: Store) -> None:
        add_calls(store, 60)
        policy = SamplingPolicy(count=9, per_agent=2, seed=424242)
        drawn = draw_and_store(store, policy, CallFilter(), drawn_by="sue")
        # The same calls as plain candidates, in another order, with no database at all.
        pool = [Candidate(1000 + i, AGENTS[i % 3], sha(i)) for i in reversed(range(60))]
        expected = draw_sample(pool, policy)
        picked_shas = shas_of(store, drawn.draw.call_ids)
        assert picked_shas == [sha(call_id - 1000) for call_id in expected.call_ids]
        assert [s for _, s in drawn.draw.picked] == [s for _, s in expected.picked]

    def test_redraw_with_the_stored_seed(self, store: Store) -> None:
        add_calls(store, 30)
        first = draw_and_store(store, SamplingPolicy(rate=0.2), CallFilter(), drawn_by="sue")
        store.close_sample(first.sample_id)  # its calls may be drawn again
        again = SamplingPolicy.from_params(store.sample(first.sample_id).params, first.draw.seed)
        second = draw_and_store(store, again, CallFilter(), drawn_by="sue")
        assert second.draw.picked == first.draw.picked


class TestExclusions:
    """Calls already reviewed, already drawn or unplayable are never drawn again."""

    def test_reviewed_drawn_and_unreadable_calls_are_left_out(self, store: Store) -> None:
        add_calls(store, 12)
        add_calls(store, 2, start=12, readable=False)
        ids = ids_by_sha(store)
        store.set_status(ids[sha(0)], ReviewStatus.FINAL)
        store.set_status(ids[sha(1)], ReviewStatus.IN_REVIEW)
        card_id = store.save_scorecard(ids[sha(2)], auto_failed())
        with store.session() as session:
            session.exec(
                update(ScorecardRow).where(ScorecardRow.id == card_id).values(state="final")
            )  # type: ignore[call-overload]
        store.save_sample({}, 1, "sue", {"ann": 1}, [(ids[sha(3)], "random")])
        closed = store.save_sample({}, 2, "sue", {"bob": 1}, [(ids[sha(4)], "random")])
        store.close_sample(closed)

        population = gather_population(store, CallFilter(), weigh_risk=False)

        left = {c.key for c in population.candidates}
        assert left == {sha(i) for i in range(4, 12)}
        assert population.excluded == {ALREADY_REVIEWED: 3, IN_OPEN_SAMPLE: 1, UNREADABLE: 2}

    def test_a_second_sample_never_repeats_an_open_one(self, store: Store) -> None:
        add_calls(store, 20)
        first = draw_and_store(store, SamplingPolicy(count=8, seed=1), CallFilter(), "sue")
        second = draw_and_store(store, SamplingPolicy(count=8, seed=1), CallFilter(), "sue")
        assert not set(first.draw.call_ids) & set(second.draw.call_ids)
        assert second.population.excluded == {IN_OPEN_SAMPLE: 8}

    def test_nothing_left_is_an_error_not_an_empty_sample(self, store: Store) -> None:
        add_calls(store, 3)
        draw_and_store(store, SamplingPolicy(count=5, seed=1), CallFilter(), "sue")
        with pytest.raises(NotFoundError, match="3 already in an open sample"):
            draw_and_store(store, SamplingPolicy(count=5, seed=1), CallFilter(), "sue")
        assert len(store.samples()) == 1

    def test_filters_choose_the_period_queue_and_agent(self, store: Store) -> None:
        add_calls(store, 48)  # one call an hour from DAY0
        where = CallFilter(
            since=DAY0 + timedelta(hours=10), until=DAY0 + timedelta(hours=30), queue="sales"
        )
        keys = {c.key for c in gather_population(store, where, weigh_risk=False).candidates}
        assert keys == {sha(i) for i in range(10, 30) if i % 2}
        only_bob = CallFilter(agent="bob")
        agents = {c.agent for c in gather_population(store, only_bob, weigh_risk=False).candidates}
        assert agents == {"bob"}


class TestStoredDraw:
    """Every sample keeps its parameters, seed, who drew it, the population and an audit event."""

    def test_record_and_audit(self, store: Store) -> None:
        add_calls(store, 30)
        policy = SamplingPolicy(count=6, per_agent=3, strategy=Strategy.MIXED, seed=77)
        where = CallFilter(since=DAY0, queue=None)
        drawn = draw_and_store(store, policy, where, drawn_by="sue")
        record = store.sample(drawn.sample_id)
        assert (record.seed, record.drawn_by, record.open) == (77, "sue", True)
        assert record.population == {"ann": 10, "bob": 10, "cy": 10}
        assert record.params["strategy"] == "mixed" and record.params["per_agent"] == 3
        assert record.params["since"] == DAY0.isoformat()
        assert record.call_ids == drawn.draw.call_ids
        assert Counter(m.stratum for m in record.members) == {"per-agent-minimum": 9}
        events = store.audit_events("sample", str(drawn.sample_id))
        assert [(e["actor"], e["action"]) for e in events] == [("sue", "sample.draw")]
        assert events[0]["after"]["seed"] == 77

    def test_drawn_by_defaults_to_the_login(
        self, store: Store, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("QA_LOGIN", "lead.qa")
        add_calls(store, 5)
        drawn = draw_and_store(store, SamplingPolicy(count=2), CallFilter())
        assert store.sample(drawn.sample_id).drawn_by == "lead.qa"
        assert 0 <= store.sample(drawn.sample_id).seed < 2**32

    def test_invalid_policy_is_bad_input(self, store: Store) -> None:
        with pytest.raises(BadInputError, match="not both"):
            draw_and_store(store, SamplingPolicy(count=2, rate=0.1), CallFilter(), "sue")


def unsure(score_fails: int) -> Scorecard:
    items = [ItemResult("disclosure", "Disclosure", "", Verdict.UNCERTAIN, 10.0)]
    items += [ItemResult(f"i{n}", "", "", Verdict.FAIL, 10.0) for n in range(score_fails)]
    items += [ItemResult("closing", "Closing", "", Verdict.PASS, 40.0)]
    return Scorecard(RUBRIC, tuple(items))


def test_risk_weights_come_from_the_current_scorecard(store: Store) -> None:
    add_calls(store, 5)
    ids = ids_by_sha(store)
    store.save_scorecard(ids[sha(0)], auto_failed())
    store.save_scorecard(ids[sha(1)], auto_failed())
    store.save_scorecard(ids[sha(1)], unsure(0))  # rescored: the newer scorecard counts
    store.save_scorecard(ids[sha(2)], unsure(3))
    weights = {
        c.key: c.weight for c in gather_population(store, CallFilter(), weigh_risk=True).candidates
    }
    for i in range(3):  # the one-query signals agree with loading each scorecard
        assert weights[sha(i)] == pytest.approx(risk_weight(store.scorecard(ids[sha(i)])))
    assert weights[sha(0)] == pytest.approx(8.0)
    assert weights[sha(1)] == pytest.approx(2.0)  # 80 % passes; one undecided item
    # the score counts decided items only: 40 of 70 points (the uncertain item left out), 57.1
    assert weights[sha(2)] == pytest.approx(1 + 3 * (80 - round(4000 / 70, 1)) / 80 + 1)
    assert weights[sha(3)] == weights[sha(4)] == 1.0


@pytest.mark.postgres
def test_sqlite_and_postgres_draw_the_identical_sample(
    tmp_path: Path, postgres_schema_url: str
) -> None:
    lite = Store.open(f"sqlite:///{tmp_path / 'qa.db'}")
    pg = Store.open(postgres_schema_url)
    try:
        add_calls(lite, 40)
        add_calls(pg, 20, start=20)  # another ingest order: other db ids, same calls
        add_calls(pg, 20, start=0)
        policy = SamplingPolicy(rate=0.25, per_agent=2, strategy=Strategy.RANDOM, seed=9)
        one = draw_and_store(lite, policy, CallFilter(), "sue")
        two = draw_and_store(pg, policy, CallFilter(), "sue")
        assert shas_of(lite, one.draw.call_ids) == shas_of(pg, two.draw.call_ids)
        assert lite.sample(one.sample_id).population == pg.sample(two.sample_id).population
    finally:
        lite.close()
        pg.close()
