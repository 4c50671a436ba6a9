"""`courtchain relay`: one organisation's cross-chain relayer, and the path of a case across chains.

Both commands read a relay file (JSON) naming the chains and the cross-chain contracts on each:

    {"channel": "/shared/courtchain-relay",          # the signature channel (docs/crosschain.md)
     "state": "state/relay",                         # this relayer's checkpoint and journals
     "key_env": "COURTCHAIN_RELAY_KEY",              # env var holding the attestor's private key (hex)
     "chains": [{"rpc": "http://10.0.0.1:8545", "addresses": {"CrossChainOutbox": "0x…", "CrossChainInbox": "0x…",
                 "CrossChainAttestors": "0x…", "CrossChainCases": "0x…", "CaseDocket": "0x…"}}, …]}

On a development chain `"dev_account": 20` may stand for `key_env` (an index of the development mnemonic).
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import click
from eth_account import Account
from eth_account.signers.local import LocalAccount

from .. import build
from ..chain import Chain
from ..errors import InputError, UsageError
from ..suite import Suite
from .session import console, err_console


def register(cli: click.Group) -> None:
    cli.add_command(relay_group)


def load_config(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no relay file {path}") from None
    except ValueError as exc:
        raise UsageError(f"relay file {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("chains"), list) or len(data["chains"]) < 2:
        raise UsageError(f"relay file {path}: 'chains' must list at least two chains (rpc and addresses)")
    for i, c in enumerate(data["chains"]):
        if not isinstance(c, dict) or "rpc" not in c or not isinstance(c.get("addresses"), dict):
            raise UsageError(f"relay file {path}: chains[{i}] needs 'rpc' and 'addresses'")
    return data


def open_suites(config: dict[str, Any]) -> list[Suite]:
    artifacts = build.load_artifacts(build.TARGETS.get(str(config.get("target", "paris")), build.PRIMARY))
    return [Suite(Chain(c["rpc"]), artifacts, dict(c["addresses"])) for c in config["chains"]]


def attestor_key(config: dict[str, Any]) -> LocalAccount:
    if "dev_account" in config:
        from ..accounts import dev_account

        return dev_account(int(config["dev_account"]))
    var = str(config.get("key_env", "COURTCHAIN_RELAY_KEY"))
    key = os.environ.get(var)
    if not key:
        raise InputError(f"the attestor's key is not set: put its private key (hex) in the environment variable {var}")
    try:
        acct: LocalAccount = Account.from_key(key)
    except (ValueError, TypeError):
        raise InputError(f"{var} does not hold a private key (64 hex digits)") from None
    return acct


@click.group("relay")
def relay_group() -> None:
    """Cross-chain relayer: attest, collect M-of-N signatures, deliver to the inbox; restart-safe."""


@relay_group.command("run")
@click.option("--config", "config_path", required=True, type=click.Path(path_type=Path), help="The relay file (JSON).")
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option("--passes", default=None, type=int, help="Stop after this many passes.")
@click.option("--interval", default=2.0, type=float, show_default=True, help="Seconds between passes.")
def run_cmd(config_path: Path, once: bool, passes: int | None, interval: float) -> None:
    """Relay messages between the chains of the relay file as this organisation's attestor."""
    from ..relay import Relayer

    config = load_config(config_path)
    suites = open_suites(config)
    relayer = Relayer(
        suites,
        attestor_key(config),
        Path(config.get("channel", "relay-channel")),
        Path(config.get("state", "state/relay")),
        log=lambda s: err_console.print(s, markup=False),
    )
    stop = {"now": False}

    def _stop(*_: Any) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, _stop)
    relayer.recover()
    done = 0
    limit = 1 if once else passes
    while not stop["now"] and (limit is None or done < limit):
        r = relayer.run_pass()
        done += 1
        console.print(
            f"pass {done}: 已签名 attested {r.attested}, 已送达 delivered {r.delivered}, 超时 timed out {r.timed_out}, "
            f"超时确认 timeouts confirmed {r.timeouts_confirmed}, 等待 waiting {r.waiting}",
            markup=False,
        )
        if limit is None or done < limit:
            import time

            time.sleep(interval)


@relay_group.command("trace")
@click.option("--config", "config_path", required=True, type=click.Path(path_type=Path), help="The relay file (JSON).")
@click.option("--chain-id", required=True, type=int, help="The chain where the case was docketed.")
@click.argument("case_id", type=int)
def trace_cmd(config_path: Path, chain_id: int, case_id: int) -> None:
    """Follow case CASE_ID across the chains: its transfer out, delivery, acceptance or return, and the answer."""
    from ..crosschain_audit import case_path

    suites = open_suites(load_config(config_path))
    for step in case_path(suites, chain_id, case_id):
        console.print(f"{step.chain_id:>8}  block {step.block:>6}  {step.what}", markup=False)
