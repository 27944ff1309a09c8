"""`qa sample show ID --json` and `qa sample list --json`: samples as JSON for scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qa.cli.call_view import call_summary

if TYPE_CHECKING:
    from qa.pipeline.sampling.samples import SampleContents, SampleRecord


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


def sample_details(contents: SampleContents) -> dict[str, Any]:
    """One sample with its calls in draw order, each as `qa calls --json` lists it plus the
    stratum it was drawn from."""
    calls = [call_summary(call) | {"stratum": contents.stratum(call)} for call in contents.calls]
    return sample_summary(contents.record) | {"calls": calls}
