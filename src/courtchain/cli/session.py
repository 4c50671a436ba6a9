"""What every CLI command shares: the chain (given by --rpc, or a throwaway anvil), the deployed suite, accounts,
and output as a table for people or JSON for machines.

Safe defaults: a command that signs (it has --as) or deploys needs a chain named by --rpc / COURTCHAIN_RPC, or an
explicit --throwaway; an empty --rpc is a usage error. The signer is --as, else COURTCHAIN_AS, else the command's
default role; development keys (role names, dev:N) sign only on a development node (anvil, Hardhat, ganache)."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

import click
from eth_account.signers.local import LocalAccount
from rich.table import Table

from .. import accounts, build, deploy
from ..chain import Chain, LocalNode, connect
from ..clients.base import Sent
from ..errors import AccountError, ChainError, InputError
from ..signers import SigningAccount
from ..suite import Suite
from .console import console, err_console
from .exits import CommandFailed, ExitCode
from .inputs import parse_int

F = TypeVar("F", bound=Callable[..., Any])


class Session:
    """Lazily connects (or starts an embedded node and deploys) on first use; stops the node at exit."""

    def __init__(self, rpc: str | None, as_json: bool, node_kind: str = "anvil", *, throwaway: bool = False) -> None:
        self.rpc = rpc or os.environ.get("COURTCHAIN_RPC") or None
        self.as_json = as_json
        self.node_kind = node_kind
        self.throwaway = throwaway  # --throwaway: writing on an embedded chain was asked for
        self.target: str | None = None  # a build target asked for (deploy, demo); else the deployed one
        self._node: LocalNode | None = None
        self._chain: Chain | None = None
        self._suite: Suite | None = None
        self._tmp: Path | None = None  # the throwaway deployment record, removed at close
        self.base_units = False  # --base-units (cli/amounts.py): amounts typed and shown as integers
        self._decimals: int | None = None

    def require_chain_for_writes(self, what: str = "this command writes") -> None:
        """Refuse to write on an embedded chain unless --throwaway says so: what is written there vanishes."""
        if self.embedded and not self.throwaway:
            empty = "COURTCHAIN_RPC is set but empty; " if os.environ.get("COURTCHAIN_RPC") == "" else ""
            raise click.UsageError(
                f"{what}: {empty}give the chain with --rpc URL (or COURTCHAIN_RPC), or --throwaway to run it on a "
                "throwaway local chain whose state is gone when the command ends"
            )

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
                self.note(
                    f"no --rpc: started a throwaway {self.node_kind} at {self._node.url} with a fresh deployment; "
                    "it is gone when the command ends (give --rpc or COURTCHAIN_RPC for your chain)"
                )
                self._chain = connect(self._node.url)
        return self._chain

    @property
    def suite(self) -> Suite:
        if self._suite is None:
            if self.embedded:  # a throwaway chain gets a throwaway deployment record
                self._tmp = Path(tempfile.mkdtemp(prefix="courtchain-"))
                self._suite = deploy.deploy(
                    self.chain, log=self.note, directory=self._tmp, target=self.build_target
                ).suite
            elif self.chain.is_dev_node:  # a local node: deploy if the recorded deployment is not there
                self._suite = deploy.deploy(self.chain, log=self.note, target=self.build_target).suite
            else:
                self._suite = deploy.open_suite(self.chain)
        return self._suite

    @property
    def build_target(self) -> build.Target | None:
        return build.TARGETS[self.target] if self.target else None

    def account(self, spec: str) -> SigningAccount:
        """An account from --as: a development name, `keystore:PATH`, `env:VAR`, `dev:N`, or a remote signer
        `remote:URL#ADDRESS` (`remote:URL` when it holds one account); a development key only on a development
        node."""
        if spec.startswith("remote:"):
            from ..signers import parse_spec

            return parse_spec(spec)
        self._refuse_dev_key_off_dev_chain(spec)
        return accounts.resolve(spec)

    def local_account(self, spec: str, what: str) -> LocalAccount:
        """An account whose key is held here: EIP-712 signatures (`what`) are not transactions, and a remote signer
        is asked only for transactions."""
        if spec.startswith("remote:"):
            raise InputError(f"{what} needs a key held here (keystore:, env:), not a remote signer ({spec})")
        self._refuse_dev_key_off_dev_chain(spec)
        return accounts.resolve(spec)

    def _refuse_dev_key_off_dev_chain(self, spec: str) -> None:
        if is_dev_spec(spec) and self._chain_known_not_dev():
            raise AccountError(
                f"{spec!r} is a public development key, for development chains only, and chain "
                f"{self.chain.chain_id} at {self.rpc} is not one ({self.chain.client_version or 'unknown node'}): "
                "sign with --as keystore:PATH or --as env:VAR (or set COURTCHAIN_AS)"
            )

    def _chain_known_not_dev(self) -> bool:
        """Whether the chain answers and is not a development node. A chain that does not answer is not judged
        here: a command that needs it fails on its first use, and one that signs offline never asks it."""
        if self.embedded:
            return False
        try:
            return not self.chain.is_dev_node
        except ChainError:
            return False

    def close(self) -> None:
        if self._node is not None:
            self._node.stop()
            self._node = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    # -- amounts (cli/amounts.py) ------------------------------------------------------------------------------------

    @property
    def decimals(self) -> int:
        """Decimal places of the suite's settlement token, read from the chain once."""
        if self._decimals is None:
            from ..clients.token import SettlementTokenClient

            self._decimals = SettlementTokenClient(self.suite).decimals()
        return self._decimals

    def amount(self, text: str, what: str, *, minimum: int = 0) -> int:
        """What the user typed as an amount (yuan, or base units under --base-units) → base units."""
        from .amounts import parse_amount

        return parse_amount(text, what, self.decimals, base_units=self.base_units, minimum=minimum)

    def yuan(self, units: int) -> str:
        """Base units as a person reads them: `¥120,000.00` (or the integer under --base-units)."""
        from .amounts import show_amount

        return show_amount(units, self.decimals, base_units=self.base_units)

    def money(self, units: int) -> dict[str, str]:
        """An amount in --json: exact base units as a string beside the yuan."""
        from .amounts import money

        return money(units, self.decimals)

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


def is_dev_spec(spec: str) -> bool:
    """An account spec naming a public development key: a role name (`judge`) or `dev:N`."""
    return spec.startswith("dev:") or spec in accounts.DEV_NAMES


def chain_options(f: F) -> F:
    """--rpc, --throwaway, --json and --node on a command; the Session is passed as the first argument.

    A command with --as signs: it runs only on the chain --rpc names, or with --throwaway; COURTCHAIN_AS replaces
    the default of --as when --as is not given."""

    @click.option(
        "--rpc",
        envvar="COURTCHAIN_RPC",
        default=None,
        help="JSON-RPC URL of the chain, or several nodes of one chain comma-separated (the next takes over when one "
        "goes down) [env COURTCHAIN_RPC]. Without it, a command that writes is refused (see --throwaway) and one that "
        "reads starts a throwaway anvil with a fresh deployment.",
    )
    @click.option(
        "--throwaway",
        is_flag=True,
        help="Run on a throwaway local anvil (a fresh deployment; everything written is gone when the command ends).",
    )
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
    def wrapper(*args: Any, rpc: str | None, throwaway: bool, as_json: bool, node_kind: str, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        if rpc is not None and not rpc.strip():
            raise click.UsageError("--rpc is empty (an unset variable?): give the node's URL, or --throwaway", ctx)
        if rpc and throwaway:
            raise click.UsageError("--rpc and --throwaway exclude each other: a throwaway chain is a local one", ctx)
        session = Session(rpc, as_json, node_kind, throwaway=throwaway)
        ctx.call_on_close(session.close)
        if "as_account" in kwargs:  # a command that signs
            env_as = os.environ.get("COURTCHAIN_AS")
            if env_as and ctx.get_parameter_source("as_account") in (None, click.core.ParameterSource.DEFAULT):
                kwargs["as_account"] = env_as
            # `--offline` sends nothing (the command checks what it reads itself); a group with --as (keeper) that
            # runs one of its subcommands (keeper quarantine) does not sign either
            if not kwargs.get("offline") and ctx.invoked_subcommand is None:
                session.require_chain_for_writes(f"`{ctx.command_path}` signs transactions")
        return f(session, *args, **kwargs)

    for param in getattr(wrapper, "__click_params__", []):  # the command's own --as says where else it comes from
        if param.name == "as_account" and isinstance(param, click.Option):
            param.help = (param.help or "Signing account.") + " [env COURTCHAIN_AS]"
    return cast(F, wrapper)


def fail(message: str, code: int = ExitCode.FAILED) -> NoReturn:
    """End the command with `message` and an exit code of the table (JSON under --json, like every error)."""
    raise CommandFailed(message, code)


__all__ = [
    "ChainError",
    "Session",
    "chain_options",
    "console",
    "err_console",
    "fail",
    "is_dev_spec",
    "json_output",
    "make_table",
    "parse_int",
    "snake_case",
    "to_jsonable",
]


def emit_sent(session: Session, data: dict[str, Any], sent: Sent, text: str) -> None:
    """A writing command's answer: its data with the transaction's hash and gas."""
    session.emit({**data, "tx_hash": sent.tx_hash, "gas_used": sent.gas_used}, text=text)
