"""Small helpers for tests: assert the exact custom error of a revert."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from courtchain.errors import ContractRevert


@contextmanager
def reverts(error: str, **args: Any) -> Iterator[pytest.ExceptionInfo[ContractRevert]]:
    """Expect a ContractRevert named `error`, with the given arguments (compared by name; others are ignored)."""
    with pytest.raises(ContractRevert) as info:
        yield info
    assert info.value.error == error, f"expected {error}, got {info.value}"
    for k, v in args.items():
        got = info.value.arguments[k]
        if isinstance(v, str) and isinstance(got, str):
            assert got.lower() == v.lower(), f"{error}.{k}: expected {v}, got {got}"
        else:
            assert got == v, f"{error}.{k}: expected {v!r}, got {got!r}"


SRC = str(__import__("pathlib").Path(__file__).resolve().parents[1] / "src")


def run_cli(
    *args: str,
    rpc: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
    process: bool = False,
    cwd: Path | None = None,
) -> Any:
    """Run `courtchain ARGS` as a user would; returns a CompletedProcess (args, returncode, stdout, stderr).

    By default the command runs in this process, through the same entry point (`courtchain.cli.main`: the same
    parsing, error lines and exit codes) with the environment, paths, standard streams and signal handlers it would
    have in its own process: a Python start with web3 and eth-account imports costs 1-7 s on this machine, and the
    CLI tests run several hundred commands. `process=True` (and any crash switch set in `env`, which ends the process)
    runs `python -m courtchain` as a subprocess; tests/toolchain/test_cli_process.py keeps that boundary tested."""
    import os
    import subprocess
    import sys

    full_env = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    full_env.setdefault("COURTCHAIN_DEPLOYMENTS_DIR", _scratch_deployments())
    argv = [*args, *(["--rpc", rpc] if rpc is not None else [])]
    if process or any("CRASH" in k and v for k, v in (env or {}).items()):
        cmd = [sys.executable, "-m", "courtchain", *argv]
        out = subprocess.run(cmd, capture_output=True, text=True, env=full_env, timeout=timeout, cwd=cwd)
    else:
        out = _run_in_process(argv, full_env, cwd)
    if "--json" in args:  # every --json output follows its command's schema (schemas/cli/)
        from tests.cli_schemas import check_output

        check_output(args, out.stdout, out.returncode)
    return out


def _run_in_process(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> Any:
    import io
    import os
    import signal
    import subprocess
    from contextlib import redirect_stderr, redirect_stdout

    from courtchain import paths
    from courtchain.cli import main

    saved_env = dict(os.environ)
    saved_paths = {name: getattr(paths, name) for name in ("BUILD", "DEPLOYMENTS", "STATE")}
    saved_signals = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    saved_cwd = os.getcwd()
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        for name in saved_paths:  # paths reads these at import: a process of its own would see them
            if f"COURTCHAIN_{name}_DIR" in env:
                setattr(paths, name, Path(env[f"COURTCHAIN_{name}_DIR"]))
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(list(argv))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        for name, value in saved_paths.items():
            setattr(paths, name, value)
        for sig, handler in saved_signals.items():
            signal.signal(sig, handler)
    return subprocess.CompletedProcess(["courtchain", *argv], code, out.getvalue(), err.getvalue())


def _scratch_deployments() -> str:
    """CLI runs in tests record deployments in a scratch folder, never in the checkout's deployments/."""
    import tempfile

    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = tempfile.mkdtemp(prefix="courtchain-test-deployments-")
    return _SCRATCH


_SCRATCH: str | None = None


def assert_enum_mirror(enum: Any, interface: str, solidity_name: str | None = None) -> None:
    """A Python IntEnum mirrors the Solidity enum of the same name in contracts/interfaces/`interface`: the same
    members, in the same order (so the same ordinals), `CamelCase` ↔ `UPPER_SNAKE`."""
    import re
    from pathlib import Path

    name = solidity_name or enum.__name__
    source = (Path(__file__).resolve().parents[1] / "contracts" / "interfaces" / interface).read_text()
    body = re.search(rf"enum {name}\s*\{{([^}}]*)\}}", source)
    assert body is not None, f"no enum {name} in {interface}"
    declared = [m.strip() for m in body.group(1).split(",") if m.strip()]
    assert [m.name for m in sorted(enum, key=int)] == [re.sub(r"(?<!^)(?=[A-Z])", "_", d).upper() for d in declared]
    assert [int(m) for m in sorted(enum, key=int)] == list(range(len(declared))), name


class FuzzStats:
    """What a stateful fuzz run reached: time per step, successful calls and refusals per rule (printed with -s)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.step_times: list[float] = []
        self.done: Counter[str] = Counter()
        self.refusals: Counter[str] = Counter()
        self._step_started = time.monotonic()

    def step_started(self) -> None:
        self._step_started = time.monotonic()

    def step_ended(self) -> None:
        t = time.monotonic()
        self.step_times.append(t - self._step_started)
        self._step_started = t

    def run(self, machine: Any) -> None:
        """Run a hypothesis RuleBasedStateMachine, then print what it reached."""
        started = time.monotonic()
        machine.TestCase().runTest()
        elapsed = time.monotonic() - started
        if self.step_times:
            per_step = sum(self.step_times) / len(self.step_times)
            print(
                f"\n{self.name} fuzz: {len(self.step_times)} steps in {elapsed:.1f}s, {per_step * 1000:.0f} ms per step"
            )
            print(f"successful calls: {dict(sorted(self.done.items()))}")
            if self.refusals:
                print(f"refusals: {dict(sorted(self.refusals.items()))}")


def plan_with_env_keys(tmp: Path, chain_id: int, target: str = "paris") -> tuple[Path, dict[str, str]]:
    """The shipped development plan for `chain_id` and build `target`, each account signing from an environment
    variable (as a real member would); returns the plan's path and the variables to set."""
    import re

    from courtchain import deploy
    from courtchain.accounts import dev_accounts

    text = deploy.DEV_PLAN_PATH.read_text(encoding="utf-8").replace("chain_id = 31337", f"chain_id = {chain_id}")
    text = text.replace('target = "paris"', f'target = "{target}"')
    accounts = dev_accounts()
    env: dict[str, str] = {}

    def to_env(m: re.Match[str]) -> str:
        var = f"COURTCHAIN_NET_KEY_{m.group(1).upper()}"
        env[var] = accounts[m.group(1)].key.hex()
        return f'signer = "env:{var}"\n  address = "{accounts[m.group(1)].address}"'

    text = re.sub(r'signer = "dev:(\w+)"', to_env, text)
    path = tmp / f"consortium-{chain_id}-{target}.toml"
    path.write_text(text, encoding="utf-8")
    return path, env
