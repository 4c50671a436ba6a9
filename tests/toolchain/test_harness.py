"""The test run itself (tests/conftest.py): what its processes inherit does not depend on how the run was started."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_started_processes_stop_on_ctrl_c() -> None:
    """A process a test starts takes Ctrl-C (its Python installs the KeyboardInterrupt handler)."""
    probe = "import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "True", "a process started by a test ignores Ctrl-C"


def test_a_run_started_with_ctrl_c_ignored_still_stops_its_processes() -> None:
    """A run started where SIGINT is ignored (a script's background job, `nohup`): its processes still stop on
    Ctrl-C. The index follower's test failed that way when `.ci/run` was started in the background."""

    def ignore_ctrl_c() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    # -k: a partial run, which does not rewrite build/test-durations.json
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", __file__, "-k",
           "test_started_processes_stop_on_ctrl_c"]  # fmt: skip
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=ignore_ctrl_c)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout
