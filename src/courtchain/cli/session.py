"""What every CLI command shares: the chain (given by --rpc, or a throwaway anvil), the deployed suite, accounts,
and output as a table for people or JSON for machines."""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

import click
from eth_account.signers.local import LocalAccount
from rich.console import Console
from rich.table import Table

from .. import accounts, build, deploy
from ..chain import Chain, LocalNode, connect
from ..errors import ChainError
from ..suite import Suite
from .exits import CommandFailed, ExitCode
from .inputs import parse_int

F = TypeVar("F", bound=Callable[..., Any])

console = Console(stderr=False, highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class Session:
    """Lazily connects (or starts an embedded node and deploys) on first use; stops the node at exit."""

    def __init__(self, rpc: str | None, as_json: bool, node_kind: str = "anvil") -> None:
        self.rpc = rpc or os.environ.get("COURTCHAIN_RPC") or None
        self.as_json = as_json
        self.node_kind = node_kind
        self.target: str | None = None  # a build target asked for (deploy, demo); else the deployed one
        self._node: LocalNode | None = None
        self._chain: Chain | None = None
        self._suite: Suite | None = None

    @property
    def embedded(self) -> bool:
        return self.rpc is None

    @property
    def chain(self) -> Chain:
        if self._chain is None:
            if self.rpc:
                self._chain = connect(self.rpc)
            else:
                # the fisco build runs where FISCO BCOS's EVM does: istanbul, free gas
                fisco = self.target == "fisco"
                self._node = LocalNode(
                    kind=self.node_kind, hardfork="istanbul" if fisco else "paris", gas_price=0 if fisco else None
                ).start()
                self.note(f"started a throwaway {self.node_kind} at {self._node.url} (give --rpc to use another chain)")
                self._chain = connect(self._node.url)
        return self._chain

    @property
    def suite(self) -> Suite:
        if self._suite is None:
            if self.embedded:  # a throwaway chain gets a throwaway deployment record
                tmp = Path(tempfile.mkdtemp(prefix="courtchain-"))
                self._suite = deploy.deploy(self.chain, log=self.note, directory=tmp, target=self.build_target).suite
            elif self.chain.is_dev_node:  # a local node: deploy if the recorded deployment is not there
                self._suite = deploy.deploy(self.chain, log=self.note, target=self.build_target).suite
            else:
                self._suite = deploy.open_suite(self.chain)
        return self._suite

    @property
    def build_target(self) -> build.Target | None:
        return build.TARGETS[self.target] if self.target else None

    def account(self, spec: str) -> LocalAccount:
        return accounts.resolve(spec)

    def close(self) -> None:
        if self._node is not None:
            self._node.stop()

    # -- output ----------------------------------------------------------------------------------------------------

    def note(self, text: str) -> None:
        """Progress for people, on stderr so that --json output stays clean."""
        if not self.as_json:
            err_console.print(f"[dim]{text}[/dim]")

    def emit(self, data: Any, *, table: Table | None = None, text: str | None = None) -> None:
        if self.as_json:
            click.echo(json.dumps(json_output(data), indent=2, sort_keys=False))
            return
        if table is not None:
            console.print(table)
        if text is not None:
            console.print(text)
        if table is None and text is None:
            console.print(to_jsonable(data))


_CAMEL = re.compile(r"[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+")


def snake_case(key: str) -> str:
    """`missingKinds` → `missing_kinds`; anything that is not a camelCase identifier (an address, a case number, a
    name) is left as it is."""
    if not _CAMEL.fullmatch(key):
        return key
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), key)


def json_output(data: Any) -> Any:
    """What --json prints: `to_jsonable` with every key in snake_case (the one JSON style; schemas/cli/)."""
    v = to_jsonable(data)
    if isinstance(v, dict):
        return {snake_case(k): json_output(x) for k, x in v.items()}
    if isinstance(v, list):
        return [json_output(x) for x in v]
    return v


def to_jsonable(v: Any) -> Any:
    if is_dataclass(v) and not isinstance(v, type):
        return {k: to_jsonable(x) for k, x in asdict(v).items()}
    if isinstance(v, Enum):
        return v.name.lower()
    if isinstance(v, bytes):
        return "0x" + v.hex()
    if isinstance(v, dict):
        return {str(k): to_jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_jsonable(x) for x in v]
    return v


def make_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    t = Table(title=title, title_justify="left")
    for c in columns:
        t.add_column(c)
    for r in rows:
        t.add_row(*(str(to_jsonable(x)) for x in r))
    return t


def chain_options(f: F) -> F:
    """--rpc, --json and --node on a command; the Session is passed as the first argument."""

    @click.option("--rpc", envvar="COURTCHAIN_RPC", default=None, help="JSON-RPC URL (default: a throwaway anvil).")
    @click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
    @click.option(
        "--node",
        "node_kind",
        type=click.Choice(["anvil", "ganache", "hardhat"]),
        default="anvil",
        show_default=True,
        help="Kind of throwaway node when no --rpc is given.",
    )
    @functools.wraps(f)
    def wrapper(*args: Any, rpc: str | None, as_json: bool, node_kind: str, **kwargs: Any) -> Any:
        session = Session(rpc, as_json, node_kind)
        ctx = click.get_current_context()
        ctx.call_on_close(session.close)
        return f(session, *args, **kwargs)

    return cast(F, wrapper)


def fail(message: str, code: int = ExitCode.FAILED) -> NoReturn:
    """End the command with `message` and an exit code of the table (JSON under --json, like every error)."""
    raise CommandFailed(message, code)


__all__ = [
    "ChainError",
    "Session",
    "chain_options",
    "console",
    "fail",
    "json_output",
    "make_table",
    "parse_int",
    "snake_case",
    "to_jsonable",
]
