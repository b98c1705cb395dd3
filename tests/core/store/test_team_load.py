"""The load test of ``benchmarks/bench_team.py`` in small: concurrent editor processes on shared
parcels, the server restarted half-way — no update lost, none written twice, every conflict
counted. The figures of the full run (2 and 8 editors × 1 000 edits) are in the README."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))


@pytest.mark.slow
def test_three_editors_through_a_server_restart_lose_nothing_and_write_nothing_twice(postgis_server, tmp_path):
    from bench_team import run

    report = run(postgis_server, clients=3, edits=40, parcels=12, restart=True, workdir=tmp_path)
    assert report["committed"] == 120
    assert report["sum_EDITS"] == 120 and report["lost_updates"] == 0
    assert report["audit_rows"] == 120 and report["written_twice"] == 0
    assert report["parcels_version_mismatch"] == 0
    assert report["reconnects"] >= 1            # the restart did drop connections (an editor may be done by then)
    assert report["conflicts"] >= 2             # the three first edits, all to parcel 1 from one version
