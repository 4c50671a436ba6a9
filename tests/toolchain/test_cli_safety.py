"""Safe defaults of the console command (issue 23): writing needs a chain someone named, the signer is chosen and
development keys stay on development chains, `courtchain node` stops its node and refuses a busy port, time moves
on development chains only, and the top-level help imports no command module."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from courtchain.chain import Chain, LocalNode, free_port, port_is_free
from tests.engine_proxy import EngineProxy
from tests.helpers import SRC, plan_with_env_keys, run_cli


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A private TMPDIR (to see what a run leaves behind) and a scratch deployments folder."""
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    return {"TMPDIR": str(tmp), "COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path / "deployments"), **extra}


def _leftovers(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "tmp").iterdir())


# -- writing needs a chain ---------------------------------------------------------------------------------------


def test_writing_without_rpc_is_refused_before_anything_is_started(tmp_path: Path) -> None:
    env = _env(tmp_path)
    env.pop("COURTCHAIN_RPC", None)
    r = run_cli("consortium", "propose", "threshold", "2", env={**env, "COURTCHAIN_RPC": ""})
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "--rpc" in r.stderr and "--throwaway" in r.stderr and "COURTCHAIN_RPC is set but empty" in r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout == ""
    assert _leftovers(tmp_path) == []
    r = run_cli("deploy", env=env)
    assert r.returncode == 2 and "`courtchain deploy` deploys" in r.stderr, r.stderr
    r = run_cli("keeper", "--once", env=env)  # a group with --as: refused when it would sign itself
    assert r.returncode == 2 and "`courtchain keeper` signs" in r.stderr, r.stderr


def test_empty_rpc_is_a_usage_error(tmp_path: Path) -> None:
    r = run_cli("consortium", "members", "--rpc", "", env=_env(tmp_path))
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "--rpc is empty" in r.stderr
    r = run_cli("consortium", "propose", "threshold", "2", "--rpc", "  ", env=_env(tmp_path))
    assert r.returncode == 2 and "--rpc is empty" in r.stderr, r.stderr


def test_throwaway_writes_and_leaves_nothing_behind(tmp_path: Path) -> None:
    r = run_cli("consortium", "propose", "threshold", "2", "--throwaway", env=_env(tmp_path))
    assert r.returncode == 0, r.stderr
    assert re.match(r"proposal \d+: setThreshold\(2\)", r.stdout) and "throwaway" in r.stderr
    assert _leftovers(tmp_path) == []
    r = run_cli("consortium", "members", "--throwaway", "--rpc", "http://127.0.0.1:9", env=_env(tmp_path))
    assert r.returncode == 2 and "exclude each other" in r.stderr, r.stderr


def test_reading_without_rpc_says_what_it_did_and_leaves_nothing(tmp_path: Path) -> None:
    r = run_cli("consortium", "members", env=_env(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "no --rpc: started a throwaway anvil" in r.stderr and "gone when the command ends" in r.stderr
    assert _leftovers(tmp_path) == []


# -- the signer --------------------------------------------------------------------------------------------------


def test_courtchain_as_chooses_the_signer_and_as_wins(tmp_path: Path) -> None:
    with LocalNode() as node:
        assert run_cli("deploy", rpc=node.url, env=_env(tmp_path)).returncode == 0
        r = run_cli("consortium", "propose", "threshold", "2", rpc=node.url, env=_env(tmp_path, COURTCHAIN_AS="judge"))
        assert r.returncode == 1 and "ConsortiumNotGovernor" in r.stderr, (r.returncode, r.stderr)
        r = run_cli(
            "consortium",
            "propose",
            "threshold",
            "2",
            "--as",
            "court_governor",
            rpc=node.url,
            env=_env(tmp_path, COURTCHAIN_AS="judge"),
        )
        assert r.returncode == 0, r.stderr


def test_development_keys_are_refused_on_a_chain_that_is_not_a_development_one(tmp_path: Path) -> None:
    plan, keys = plan_with_env_keys(tmp_path, 7792, "paris")
    env = _env(tmp_path, **keys)
    with LocalNode(gas_price=0, chain_id=7792) as node, EngineProxy("besu", node.url) as proxy:
        r = run_cli("deploy", "--plan", str(plan), rpc=proxy.url, env=env)
        assert r.returncode == 0, r.stderr
        for as_ in ([], ["--as", "court_governor"], ["--as", "dev:0"]):
            r = run_cli("consortium", "propose", "threshold", "2", *as_, rpc=proxy.url, env=env)
            assert r.returncode == 1, (r.returncode, r.stderr)
            err = r.stderr.strip()
            assert err.count("\n") == 0 and "public development key" in err and "COURTCHAIN_AS" in err, err
        # with COURTCHAIN_AS naming one of the plan's keys, the same command is sent
        governor = next(k for k in keys if "COURT" in k.upper() and "GOV" in k.upper())
        r = run_cli(
            "consortium", "propose", "threshold", "2", rpc=proxy.url, env={**env, "COURTCHAIN_AS": f"env:{governor}"}
        )
        assert r.returncode == 0, r.stderr


# -- courtchain node ---------------------------------------------------------------------------------------------


def _start_node(port: int, tmp_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.Popen(
        [sys.executable, "-m", "courtchain", "node", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )


def _anvil_on(port: int) -> list[int]:
    """Pids of anvil processes started for `port` (read from /proc)."""
    pids = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if (
            cmd
            and cmd[0].endswith(b"anvil")
            and b"--port" in cmd
            and cmd[cmd.index(b"--port") + 1] == str(port).encode()
        ):
            pids.append(int(d.name))
    return pids


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_node_stops_its_anvil_on_a_signal(sig: signal.Signals, tmp_path: Path) -> None:
    port = free_port()
    proc = _start_node(port, tmp_path)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()  # printed once the node answers
        assert url == f"http://127.0.0.1:{port}", (url, proc.stderr.read() if proc.poll() is not None else "")
        assert Chain(url).chain_id == 31337
        assert _anvil_on(port)
        proc.send_signal(sig)
        assert proc.wait(timeout=30) == 0
        deadline = time.monotonic() + 10
        while (_anvil_on(port) or not port_is_free(port)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _anvil_on(port) == [], "anvil survived its courtchain node"
        assert port_is_free(port)
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _anvil_on(port):  # only the anvil of this test's port
            os.kill(pid, signal.SIGKILL)


def test_node_refuses_a_busy_port(tmp_path: Path) -> None:
    with LocalNode() as other:
        r = run_cli("node", "--port", str(other.port), env=_env(tmp_path), timeout=60)
        assert r.returncode == 3, (r.returncode, r.stdout, r.stderr)
        assert r.stdout == "" and "running" not in r.stderr
        assert f"port {other.port} is busy" in r.stderr
    with socket.socket() as s:  # any listener, not only a node
        s.bind(("127.0.0.1", 0))
        s.listen()
        r = run_cli("node", "--port", str(s.getsockname()[1]), env=_env(tmp_path), timeout=60)
        assert r.returncode == 3 and "is busy" in r.stderr, r.stderr


# -- moving time -------------------------------------------------------------------------------------------------


def test_chain_advance_moves_time_on_a_development_chain(tmp_path: Path) -> None:
    with LocalNode() as node:
        chain = Chain(node.url)
        t0 = chain.timestamp()
        r = run_cli("chain", "advance", "--by", "8d", "--json", rpc=node.url, env=_env(tmp_path))
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["advanced_seconds"] >= 8 * 86400 and chain.timestamp() >= t0 + 8 * 86400
        assert out["after"]["block"] == out["before"]["block"] + 1
        r = run_cli("chain", "advance", "--to", "2031-01-01T00:00+08:00", rpc=node.url, env=_env(tmp_path))
        assert r.returncode == 0, r.stderr
        assert chain.timestamp() == 1924963200  # 2031-01-01 00:00 Beijing time
        assert "2031-01-01T00:00:00+08:00" in r.stdout
        r = run_cli("chain", "advance", "--to", "2030-01-01", rpc=node.url, env=_env(tmp_path))
        assert r.returncode == 2 and "only moves forward" in r.stderr, r.stderr
        for bad in (["--by", "8 days"], ["--by", "1d", "--to", "2040-01-01"], []):
            r = run_cli("chain", "advance", *bad, rpc=node.url, env=_env(tmp_path))
            assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        r = run_cli("chain", "time", "--json", rpc=node.url, env=_env(tmp_path))
        assert json.loads(r.stdout)["timestamp"] == chain.timestamp()


def test_chain_advance_is_refused_without_time_travel(tmp_path: Path) -> None:
    with LocalNode() as node, EngineProxy("besu", node.url) as proxy:
        t0 = Chain(node.url).timestamp()
        r = run_cli("chain", "advance", "--by", "8d", rpc=proxy.url, env=_env(tmp_path))
        assert r.returncode == 1 and "has no time travel" in r.stderr, (r.returncode, r.stderr)
        assert Chain(node.url).timestamp() < t0 + 86400
    r = run_cli("chain", "advance", "--by", "8d", env=_env(tmp_path))
    assert r.returncode == 2 and "--rpc" in r.stderr, r.stderr


def test_docketing_after_the_window_with_chain_advance(tmp_path: Path) -> None:
    """Docketing by rule after the filing window, made due by `courtchain chain advance` alone."""
    env = _env(tmp_path)
    with LocalNode() as node:

        def ok(*args: str) -> str:
            r = run_cli(*args, rpc=node.url, env=env)
            assert r.returncode == 0, (args, r.stderr)
            return str(r.stdout)

        ok("deploy")
        ok("case", "configure-court", "1", "京", "0491")
        ok("case", "set-type", "1", "执", "--require", "enforcement-application", "--window", "1h")
        filed = ok(
            "case",
            "file",
            "--type",
            "执",
            "--plaintiff",
            "aa" * 32,
            "--defendant",
            "bb" * 32,
            "--material",
            "enforcement-application=" + "11" * 32,
        )
        fid = re.search(r"filing (\d+)", filed)
        assert fid is not None, filed
        early = run_cli("case", "docket", fid.group(1), rpc=node.url, env=env)
        assert early.returncode == 1 and "DocketWindowOpen" in early.stderr, early.stderr
        ok("chain", "advance", "--by", "1h")
        assert f"filing {fid.group(1)} docketed as" in ok("case", "docket", fid.group(1))


# -- a fast help ---------------------------------------------------------------------------------------------------


def test_help_imports_no_command_module() -> None:
    code = (
        "import sys\n"
        "from courtchain.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('web3', 'eth_account', 'solcx', 'requests')"
        " or m.startswith('courtchain.cli.')"
        " and m not in ('courtchain.cli.console', 'courtchain.cli.lazy', 'courtchain.cli.exits'))\n"
        "print('HEAVY', heavy)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": SRC}
    )
    assert r.returncode == 0, r.stderr
    assert "Commands:" in r.stdout and "chain" in r.stdout
    assert r.stdout.strip().splitlines()[-1] == "HEAVY []", r.stdout[-400:]


def test_lazy_table_matches_the_commands() -> None:
    from courtchain.cli import cli
    from courtchain.cli.lazy import COMMANDS, LazyGroup, short_help

    assert isinstance(cli, LazyGroup)
    cli.load_all()
    assert set(cli.commands) == set(COMMANDS)
    for name, cmd in cli.commands.items():
        assert COMMANDS[name][1] == short_help(cmd), f"update COMMANDS[{name!r}] in courtchain/cli/lazy.py"
    assert isinstance(cli.get_command(click.Context(cli), "chain"), click.Group)
