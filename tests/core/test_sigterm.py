"""Stopping the window by SIGTERM (a polite kill, the end of a session) takes the on-close
snapshot, as the close button does, and leaves no lock or copy behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from si_local.core import snapshots as snap
from si_local.core.db import open_database

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX signals")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_closes_the_window_with_its_snapshot(tmp_path, _data_dir, signum):
    path = tmp_path / "si-local.sqlite"
    open_database(path).close()
    log = _data_dir / "logs" / "si-local.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "si_local", "--db", str(path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if log.exists() and f"window shown on {path}" in log.read_text(encoding="utf-8"):
                break
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.1)
        else:
            pytest.fail("the window did not start")
        assert not [s for s in snap.list_snapshots(path) if s.reason == "on-close"]
        proc.send_signal(signum)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    closing = [s for s in snap.list_snapshots(path) if s.reason == "on-close"]
    assert len(closing) == 1 and snap.is_good(closing[0].path)
    assert not list(snap.folder_for(path).glob("*.part"))
    db = open_database(path)  # nobody holds it any more
    db.close()
