"""Call leases: which logins have a call open in the review UI, until their lease expires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.exc import IntegrityError

from qa.storage.base import StoreBase
from qa.storage.tables.leases import LEASES


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


class LeaseStore(StoreBase):
    """Hold, renew, release and read call leases (each call its own short transaction)."""

    def hold_lease(
        self, call_id: int, login: str, seconds: float, now: datetime | None = None
    ) -> None:
        """Hold (or renew) `login`'s lease on a call for `seconds`; expired leases are swept."""
        moment = _now(now)
        try:
            self._hold(call_id, login, moment + timedelta(seconds=seconds), moment)
        except IntegrityError:
            pass  # two screens of one login raced: the other one's lease stands

    def _hold(self, call_id: int, login: str, expires: datetime, moment: datetime) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(LEASES).where(LEASES.c.expires_at <= moment))
            mine = and_(LEASES.c.call_id == call_id, LEASES.c.login == login)
            connection.execute(delete(LEASES).where(mine))
            connection.execute(
                insert(LEASES).values(call_id=call_id, login=login, expires_at=expires)
            )

    def release_lease(self, call_id: int, login: str) -> None:
        """Give up `login`'s lease on a call (nothing happens when there is none)."""
        mine = and_(LEASES.c.call_id == call_id, LEASES.c.login == login)
        with self.engine.begin() as connection:
            connection.execute(delete(LEASES).where(mine))

    def lease_holders(
        self, call_ids: list[int], now: datetime | None = None
    ) -> dict[int, list[str]]:
        """Logins holding an unexpired lease, by call (calls nobody has open are left out)."""
        moment = _now(now)
        query = (
            select(LEASES.c.call_id, LEASES.c.login, LEASES.c.expires_at)
            .where(LEASES.c.call_id.in_(call_ids))
            .order_by(LEASES.c.login)
        )
        found: dict[int, list[str]] = {}
        with self.engine.connect() as connection:
            for call_id, login, expires in connection.execute(query):
                if _as_utc(expires) > moment:  # compared here: SQLite stores naive times
                    found.setdefault(call_id, []).append(login)
        return found
