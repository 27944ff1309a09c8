"""A Dask cluster run: a recording this process cannot read fails that call alone."""

from __future__ import annotations

from pathlib import Path

from qa.engines.base import EngineSpec
from qa.engines.workers.job import CallJob
from qa.engines.workers.runners import run_cluster


def test_an_unreadable_recording_fails_its_call_and_is_never_shipped(tmp_path: Path) -> None:
    from distributed import LocalCluster

    missing = tmp_path / "gone.wav"
    spec = EngineSpec("pocketsphinx")
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        outcomes = list(run_cluster([CallJob(7, str(missing))], spec, cluster.scheduler_address))
    assert [(o.call_id, o.transcript) for o in outcomes] == [(7, None)]
    assert outcomes[0].error == f"cannot read {missing}: No such file or directory"
