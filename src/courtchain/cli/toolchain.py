"""`courtchain build | node | deploy`: the toolchain around the contracts."""

from __future__ import annotations

import signal
import time

import click

from .. import build, deploy
from ..chain import DEFAULT_CHAIN_ID, LocalNode
from .session import Session, chain_options, make_table


def register(cli: click.Group) -> None:
    cli.add_command(build_cmd)
    cli.add_command(node_cmd)
    cli.add_command(deploy_cmd)


@click.command("build")
@click.option("--target", type=click.Choice([*sorted(build.TARGETS), "all"]), default="all", show_default=True)
@click.option("--force", is_flag=True, help="Recompile even if the sources did not change.")
@click.option("--json", "as_json", is_flag=True)
def build_cmd(target: str, force: bool, as_json: bool) -> None:
    """Compile contracts/ for the primary (paris) and portability (fisco, solc 0.8.11) targets."""
    session = Session(None, as_json)
    targets = list(build.TARGETS.values()) if target == "all" else [build.TARGETS[target]]
    rows, out = [], []
    for t in targets:
        t0 = time.monotonic()
        artifacts = build.compile_target(t, force=force)
        elapsed = time.monotonic() - t0
        deployable = sorted(n for n, a in artifacts.items() if len(a.bytecode) > 2)
        a0 = next(iter(artifacts.values()))
        rows.append((t.name, a0.compiler, t.evm_version, len(deployable), f"{elapsed:.1f}s"))
        out.append(
            {
                "target": t.name,
                "compiler": a0.compiler,
                "evmVersion": t.evm_version,
                "contracts": deployable,
                "seconds": round(elapsed, 2),
                "sourceHash": a0.source_hash,
            }
        )
    session.emit(out, table=make_table("builds", ["target", "compiler", "evm", "contracts", "time"], rows))


@click.command("node")
@click.option("--kind", type=click.Choice(["anvil", "ganache", "hardhat"]), default="anvil", show_default=True)
@click.option("--port", type=int, default=8545, show_default=True)
@click.option("--chain-id", type=int, default=DEFAULT_CHAIN_ID, show_default=True)
@click.option("--block-time", type=float, default=None, help="Seconds between blocks (default: a block per tx).")
@click.option("--gas-price", type=int, default=None, help="Fixed gas price and base fee, e.g. 0 for a free-gas chain.")
@click.option("--state", type=click.Path(dir_okay=False), default=None, help="anvil: load and save state here.")
def node_cmd(
    kind: str, port: int, chain_id: int, block_time: float | None, gas_price: int | None, state: str | None
) -> None:
    """Start a local node, print its URL, and run until interrupted."""
    from pathlib import Path

    node = LocalNode(
        kind=kind,
        port=port,
        chain_id=chain_id,
        block_time=block_time,
        gas_price=gas_price,
        state_path=Path(state) if state else None,
    )
    node.start()
    click.echo(node.url, err=False)
    click.echo(f"{kind} running (chain id {chain_id}); Ctrl-C to stop", err=True)
    try:
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        node.stop()


@click.command("deploy")
@chain_options
@click.option("--fresh", is_flag=True, help="Deploy anew even if a matching deployment is recorded.")
def deploy_cmd(session: Session, fresh: bool) -> None:
    """Deploy and wire the suite (or find the recorded deployment) and record deployments/<chainId>.json."""
    d = deploy.deploy(session.chain, fresh=fresh, log=session.note)
    rows = [(name, e["address"], e["block"], f"{e['gasUsed']:,}") for name, e in d.record["contracts"].items()]
    session.emit(
        {"fresh": d.fresh, "record": str(d.path), **d.record},
        table=make_table(f"deployment on chain {d.record['chainId']}", ["contract", "address", "block", "gas"], rows),
        text=("deployed afresh" if d.fresh else "already deployed; nothing sent") + f" — record: {d.path}",
    )
