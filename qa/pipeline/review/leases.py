"""Who has a call open: supervisors' call screens hold a lease that expires on its own.

The call screen holds one while open and renews it every LEASE_RENEW_SECONDS; a terminal that
dies leaves a lease that lapses after LEASE_SECONDS. Reading leases tells a supervisor that a
colleague is on the same call (call screen) and the queue which calls are being reviewed.
"""

from __future__ import annotations

from qa.storage.store import Store

LEASE_SECONDS = 90.0  # a lease not renewed for this long means the call is no longer open
LEASE_RENEW_SECONDS = 30.0  # how often an open call screen renews its lease


def open_call(store: Store, call_id: int, login: str) -> list[str]:
    """Hold `login`'s lease on a call; the other logins that have it open."""
    store.hold_lease(call_id, login, LEASE_SECONDS)
    return [other for other in store.lease_holders([call_id]).get(call_id, []) if other != login]


def close_call(store: Store, call_id: int, login: str) -> None:
    """Release `login`'s lease on a call."""
    store.release_lease(call_id, login)


def who_has_open(store: Store, call_ids: list[int], login: str = "") -> dict[int, list[str]]:
    """Logins that have each call open now (leaving out `login`, the one asking)."""
    held = store.lease_holders(call_ids)
    others = {call: [who for who in logins if who != login] for call, logins in held.items()}
    return {call: logins for call, logins in others.items() if logins}
