"""`qa sample show ID --json` and `qa sample list --json`: samples as JSON for scripts."""

from __future__ import annotations

from typing import Any

from qa.cli.call_view import call_summary
from qa.storage.records import SampleRecord
from qa.storage.store import Store


def sample_summary(record: SampleRecord) -> dict[str, Any]:
    """One sample without its calls: who drew it, when, with what seed and parameters."""
    return {
        "id": record.id,
        "open": record.open,
        "drawn_by": record.drawn_by,
        "drawn_at": record.drawn_at.isoformat(timespec="seconds"),
        "seed": record.seed,
        "params": record.params,
        "population": dict(record.population),
        "calls": len(record.members),
    }


def sample_details(store: Store, record: SampleRecord) -> dict[str, Any]:
    """One sample with its calls in draw order, each as `qa calls --json` lists it plus the
    stratum it was drawn from."""
    strata = {m.call_id: m.stratum for m in record.members}
    calls = [
        call_summary(call) | {"stratum": strata.get(call.id, "")}
        for call in store.calls(sample_id=record.id)
    ]
    return sample_summary(record) | {"calls": calls}
