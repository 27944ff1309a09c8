"""The review queue query: pages, sort orders, filters, search, and the denormalised counts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from qa.domain.scorecard import Verdict
from qa.errors import AccessDeniedError, BadInputError
from qa.pipeline.review.review import ReviewService, check_reviewer, queue_filter
from qa.storage.queue import QueueFilter, QueueSort
from qa.storage.store import Store
from qa.workspace import Workspace
from tests.storage.records import file_record, register, scorecard


def _calls(store: Store, n: int) -> list[int]:
    records = [
        file_record(
            f"/r/{i}.wav",
            call_id=f"C-{i}",
            agent=("sarah.k", "tom.b")[i % 2],
            started_at=datetime(2026, 11, 1 + i, 9, 0, tzinfo=UTC),
        )
        for i in range(n)
    ]
    return register(store, *records)


def test_pages_walk_the_whole_queue_in_order(store: Store) -> None:
    ids = _calls(store, 7)
    pages = [store.queue_page(QueueFilter(), QueueSort(), offset, 3) for offset in (0, 3, 6)]
    assert [r.call_id for page in pages for r in page] == ids
    assert store.queue_count(QueueFilter()) == 7
    newest = store.queue_page(QueueFilter(), QueueSort("date", descending=True), 0, 2)
    assert [r.call_ref for r in newest] == ["C-6", "C-5"]


def test_counts_are_denormalised_and_sortable(store: Store) -> None:
    a, b, c = _calls(store, 3)
    store.save_scorecard(a, scorecard(Verdict.UNCERTAIN, Verdict.FAIL))
    store.save_scorecard(b, scorecard())
    rows = store.queue_page(QueueFilter(), QueueSort("uncertain", descending=True))
    assert [(r.call_id, r.uncertain, r.failed) for r in rows] == [(a, 1, 1), (b, 0, 1), (c, 0, 0)]
    assert rows[2].auto_score is None  # unscored calls sort last
    card = store.reviewed_card(a)
    assert card is not None
    store.set_item_verdict(card.id, "greeting", Verdict.PASS, expected_version=1, actor="m")
    (row,) = store.queue_page(QueueFilter(search="C-0"))
    assert (row.uncertain, row.score, row.auto_score, row.status) == (0, 66.7, 0.0, "in_review")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agent:tom.b", ["C-1", "C-3"]),
        ("C-2", ["C-2"]),
        ("since:2026-11-03 until:2026-11-04", ["C-2", "C-3"]),
        ("status:final", []),
    ],
)
def test_filters_from_the_search_box(store: Store, text: str, expected: list[str]) -> None:
    _calls(store, 4)
    assert [r.call_ref for r in store.queue_page(queue_filter(text))] == expected


def test_a_sample_filter_keeps_only_its_calls(store: Store) -> None:
    ids = _calls(store, 4)
    sample = store.save_sample({}, 1, "maria", {}, [(ids[1], "tom.b"), (ids[3], "tom.b")])
    rows = store.queue_page(QueueFilter(sample_id=sample))
    assert [r.call_id for r in rows] == [ids[1], ids[3]]


def test_bad_search_terms_are_refused() -> None:
    with pytest.raises(BadInputError, match="not a date"):
        queue_filter("since:yesterday")
    with pytest.raises(BadInputError, match="sample number"):
        queue_filter("sample:abc")
    assert queue_filter("greeting agent:") == QueueFilter(search="greeting agent:")


@pytest.mark.parametrize(
    ("login", "role"), [("maria", "supervisor"), ("ADMIN", "admin"), ("sarah", None), ("x", None)]
)
def test_only_supervisors_and_admins_may_review(login: str, role: str | None) -> None:
    access = {"supervisors": ["maria"], "admins": ["admin"]}
    ws = Workspace(root=Path("/ws"), settings={"access": access})
    if role:
        assert check_reviewer(login, ws, {"sarah"}) == role
        return
    with pytest.raises(AccessDeniedError) as refused:
        check_reviewer(login, ws, {"sarah"})
    assert ("qa replay" in refused.value.hint) == (login == "sarah")


def test_the_service_reviews_as_the_login(store: Store) -> None:
    (call_id,) = _calls(store, 1)
    store.save_scorecard(call_id, scorecard())
    service = ReviewService(store, "maria")
    card = service.card(call_id)
    card = service.set_verdict(call_id, card, "closing", Verdict.PASS, "heard it")
    assert card.item("closing").reviewer == "maria" and card.version == 2
    assert service.needs_reason(card, "greeting", Verdict.FAIL)
    assert service.call_detail(call_id).card == card
