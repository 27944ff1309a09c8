"""Call leases: held and renewed by a call screen, read by others, expiring on their own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from qa.pipeline.review.leases import close_call, open_call, who_has_open
from qa.storage.migrate import upgrade
from qa.storage.store import Store
from tests.tui.data import fill

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_a_lease_shows_until_it_expires_and_renewing_moves_it_on(
    store: Store, tmp_path: Path
) -> None:
    ids = fill(store, tmp_path)
    call = ids["C-1001"]
    store.hold_lease(call, "lena", 90, now=NOW)
    store.hold_lease(call, "lena", 90, now=NOW)  # renewing twice is one lease
    assert store.lease_holders([call], now=NOW + timedelta(seconds=60)) == {call: ["lena"]}
    assert store.lease_holders([call], now=NOW + timedelta(seconds=91)) == {}  # lapsed on its own
    store.hold_lease(call, "lena", 90, now=NOW + timedelta(seconds=80))
    assert store.lease_holders([call], now=NOW + timedelta(seconds=120)) == {call: ["lena"]}


def test_who_has_a_call_open_leaves_out_the_one_asking(store: Store, tmp_path: Path) -> None:
    ids = fill(store, tmp_path)
    call, other = ids["C-1001"], ids["C-1002"]
    assert open_call(store, call, "maria") == []
    assert open_call(store, call, "lena") == ["maria"]
    assert who_has_open(store, [call, other], "maria") == {call: ["lena"]}
    close_call(store, call, "lena")
    assert who_has_open(store, [call, other], "maria") == {}


def test_the_lease_migration_runs_once_and_again_does_nothing(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'qa.db'}")
    assert upgrade(store.engine) is False  # at head, leases table included
    store.lease_holders([1])
    store.close()
