"""Samples already drawn: list them, show one with its calls per agent, close one (audited)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from qa.domain.call import Call
from qa.errors import BadInputError
from qa.pipeline.access.identity import Identity
from qa.storage.records import SampleRecord
from qa.storage.store import Store

__all__ = ["SampleContents", "SampleRecord", "close_sample", "sample_contents"]


@dataclass(frozen=True, slots=True)
class SampleContents:
    """One stored sample and its calls in draw order."""

    record: SampleRecord
    calls: tuple[Call, ...]

    def stratum(self, call: Call) -> str:
        """Why the call was drawn (random, risk, per-agent-minimum)."""
        return {m.call_id: m.stratum for m in self.record.members}.get(call.id, "")

    def drawn_per_agent(self) -> dict[str, int]:
        """How many calls were drawn for each agent."""
        return dict(Counter(call.meta.agent for call in self.calls))


def sample_contents(store: Store, sample_id: int) -> SampleContents:
    """Sample `sample_id` and its calls; NotFoundError names a missing sample."""
    record = store.sample(sample_id)
    return SampleContents(record, tuple(store.calls(sample_id=record.id)))


def close_sample(store: Store, who: Identity, sample_id: int) -> SampleRecord:
    """Close an open sample, so its calls may be drawn again; the audit log keeps who did it.

    A missing sample is NotFoundError; one already closed is refused in one sentence.
    """
    record = store.sample(sample_id)
    if not record.open:
        raise BadInputError(
            f"Sample {sample_id} is already closed.", hint="See open samples with `qa sample list`."
        )
    store.close_sample(sample_id)
    store.record_audit(
        who.login, "sample.close", "sample", str(sample_id), {"open": True}, {"open": False}
    )
    return store.sample(sample_id)
