"""`courtchain network up|down|status|kill|start|engine`: a real multi-node Clique network on loopback."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .. import engine
from .. import network as net
from .session import Session, err_console, make_table


def register(cli: click.Group) -> None:
    cli.add_command(network_group)


_DIR = click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Run directory (default .courtchain/network).",
)
_JSON = click.option("--json", "as_json", is_flag=True)


def _network(directory: Path | None) -> net.Network:
    return net.Network(directory or net.DEFAULT_DIR)


def _known(network: net.Network, index: int) -> None:
    if not 0 <= index < len(network.nodes):
        raise click.BadParameter(f"no node {index} in {network.directory} ({len(network.nodes)} nodes)")


@click.group("network")
def network_group() -> None:
    """A real consortium network: N go-ethereum Clique signers on loopback, one organisation per node."""


@network_group.command("engine")
@click.option("--force", is_flag=True, help="Rebuild even if the binary is there.")
@_JSON
def engine_cmd(force: bool, as_json: bool) -> None:
    """Build the engine (geth, from its pinned Go module) when missing; print where it is."""
    path, seconds = engine.build_engine(force=force, log=lambda s: err_console.print(s, markup=False))
    Session(None, as_json).emit(
        {"engine": f"geth {engine.GETH_VERSION}", "path": str(path), "built_seconds": seconds},
        text=engine.describe(path, seconds),
    )


@network_group.command("up")
@click.option("--nodes", type=click.IntRange(1, 16), default=4, show_default=True)
@_DIR
@_JSON
def up_cmd(nodes: int, directory: Path | None, as_json: bool) -> None:
    """Start a fresh network (a new genesis) and wait until every node agrees on the head."""
    network = _network(directory)
    t0 = time.monotonic()
    network.up(nodes, log=lambda s: err_console.print(s, markup=False))
    _status(network, as_json, f"network up in {time.monotonic() - t0:.1f}s (chain id {network.chain_id})")


@network_group.command("status")
@_DIR
@_JSON
def status_cmd(directory: Path | None, as_json: bool) -> None:
    """Each node's head number and hash, peer count, and whether it signs."""
    network = _network(directory)
    if not network.nodes:
        raise click.ClickException(f"no network in {network.directory}: `courtchain network up`")
    _status(network, as_json, None)


@network_group.command("kill")
@click.argument("index", type=int)
@click.option("--graceful", is_flag=True, help="SIGTERM first (default: SIGKILL, a crash).")
@_DIR
def kill_cmd(index: int, graceful: bool, directory: Path | None) -> None:
    """Stop node INDEX by its pid."""
    network = _network(directory)
    _known(network, index)
    network.kill(index, hard=not graceful)
    click.echo(f"node {index} stopped")


@network_group.command("start")
@click.argument("index", type=int)
@_DIR
def start_cmd(index: int, directory: Path | None) -> None:
    """Start node INDEX again and wait until it has caught up."""
    network = _network(directory)
    _known(network, index)
    network.start(index)
    click.echo(f"node {index} running and in sync")


@network_group.command("down")
@_DIR
def down_cmd(directory: Path | None) -> None:
    """Stop every node (SIGTERM, then SIGKILL), by their pids."""
    network = _network(directory)
    network.down()
    click.echo(f"{len(network.nodes)} nodes stopped")


def _status(network: net.Network, as_json: bool, title: str | None) -> None:
    rows = network.status()
    table = make_table(
        title or f"network {network.directory} (chain id {network.chain_id})",
        ["node", "organisation", "url", "pid", "head", "hash", "peers", "signs"],
        [
            (
                r["node"],
                r["organisation"],
                r["url"],
                r["pid"] or "-",
                r["head"] if r["up"] else "down",
                (r["hash"] or "")[:18],
                r["peers"] if r["up"] else "-",
                "yes" if r["mining"] and r["authorised"] else "no",
            )
            for r in rows
        ],
    )
    Session(None, as_json).emit({"chain_id": network.chain_id, "nodes": rows}, table=table)
