"""`courtchain portal`: serve the public verification portal (read-only) over a chain's deployed suite."""

from __future__ import annotations

import logging
import signal
import socket
from pathlib import Path

import click

from ..chain import DEFAULT_RPC
from ..errors import ChainError, InputError
from .session import err_console


def register(cli: click.Group) -> None:
    cli.add_command(portal)


@click.command("portal")
@click.option(
    "--rpc", envvar="COURTCHAIN_RPC", default=DEFAULT_RPC, show_default=True, help="JSON-RPC URL of the chain to read."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on (0: any free port).")
@click.option(
    "--deployments",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of deployment records (default: deployments/).",
)
@click.option(
    "--index",
    "index_db",
    default=None,
    metavar="URL",
    help="Answer from this event index (see `courtchain index`): case timelines and document services from it, "
    "each answer with the index's lag, and the index's paginated API under /api/index, /api/cases/…/events…",
)
def portal(rpc: str, host: str, port: int, deployments: Path | None, index_db: str | None) -> None:
    """Serve the verification portal: people verify documents in a browser (the file is hashed there and never
    uploaded), other systems use the JSON API (/api/openapi.json). Read-only: it never sends a transaction."""
    from ..portal import SuiteProvider, create_app, make_server
    from ..portal.index_source import IndexSource

    if not 0 <= port <= 65535:
        raise InputError(f"port must be between 0 and 65535, got {port}")
    provider = SuiteProvider(rpc, deployments)
    try:
        suite = provider.get()
        err_console.print(
            f"reading chain {suite.chain.chain_id} at {rpc}; EvidenceRegistry "
            f"{suite.addresses.get('EvidenceRegistry', 'not deployed')}",
            markup=False,
        )
    except ChainError as exc:  # start anyway: the portal answers 503 until the node is back
        err_console.print(f"warning: {exc}; the portal answers 503 until the node answers", markup=False)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    _check_listen(host, port)
    try:
        index = None
        if index_db is not None:
            index = IndexSource(index_db)
            index.engine  # noqa: B018 - a bad URL or an unreachable database: one line and exit 1 now, not per request
        server = make_server(create_app(provider, index), host, port)
    except (OSError, SystemExit) as exc:  # werkzeug exits on a port taken since the check
        raise InputError(f"cannot listen on {host}:{port}") from exc
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"http://{shown}:{server.server_port}/")
    err_console.print("portal running; Ctrl-C to stop", markup=False)
    signal.signal(signal.SIGTERM, _stop)  # a service manager's stop: close the socket as on Ctrl-C
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _check_listen(host: str, port: int) -> None:
    """Fail with one clear line if the address cannot be listened on (werkzeug would print and exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
