"""The command as its own process (`python -m courtchain`): most CLI tests run the same entry point in the test's
process (tests/helpers.py `run_cli`), so the process boundary — start-up, exit status, the streams — is checked
here."""

from __future__ import annotations

from courtchain.chain import free_port
from tests.helpers import run_cli


def test_help_from_its_own_process() -> None:
    out = run_cli("--help", process=True)
    assert out.returncode == 0 and "Usage" in out.stdout and out.stderr == ""


def test_a_node_that_is_not_there_is_exit_3_and_one_line_from_its_own_process() -> None:
    out = run_cli("case", "show", "1", rpc=f"http://127.0.0.1:{free_port()}", process=True)
    assert out.returncode == 3
    assert out.stderr.startswith("error: ") and len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_in_process_and_own_process_say_the_same() -> None:
    """The in-process runner is a faithful stand-in: same exit code and streams, for a usage error and a dead node."""
    dead = f"http://127.0.0.1:{free_port()}"
    for args in (["case", "show", "--no-such-option"], ["case", "show", "1"]):
        inside = run_cli(*args, rpc=dead)
        outside = run_cli(*args, rpc=dead, process=True)
        assert (inside.returncode, inside.stdout, inside.stderr) == (outside.returncode, outside.stdout, outside.stderr)
        assert inside.returncode in (2, 3)
