"""Lazy loading of the subcommands: `courtchain --help` (and any one command) imports only what it runs.

A command module imports web3, the compiler driver and the clients, about a second of imports on this machine; the
top-level help needs none of it. `COMMANDS` names, for each top-level command, the module that registers it and the
one-line help shown in `courtchain --help` (tests/toolchain/test_cli_safety.py checks that this line is the
command's own short help, so the two cannot drift apart).
"""

from __future__ import annotations

import importlib
from typing import Any

import click
from click.utils import make_default_short_help

# command name -> (module under courtchain.cli, short help as the command itself gives it)
COMMANDS: dict[str, tuple[str, str]] = {
    "acknowledge": (
        "evidence",
        "Acknowledge service SERVICE_ID with RECEIPT (a file, or its 0x-hash): from the recipient's account, or signed by it (EIP-712) and relayed by the court with --relay-by.",  # noqa: E501
    ),
    "agreement": (
        "agreement",
        "Mediation agreements and judgments: signatures, payments, and default that files trial or enforcement.",
    ),
    "audit": (
        "audit",
        "Rebuild cases from events, verify the chain of record, reconcile with off-chain records.",
    ),
    "bankruptcy": (
        "bankruptcy",
        "Bankruptcy estate: claims, creditors' meetings with ballots by heads and amount, distribution (破产).",
    ),
    "build": (
        "toolchain",
        "Compile contracts/ for the primary (paris) and portability (fisco, solc 0.8.11) targets.",
    ),
    "case": (
        "case",
        "Case filing, auto-docketing by rule, case numbers, judgments and transfers (CaseDocket).",
    ),
    "chain": (
        "chaintime",
        "A chain's clock: read it, and move it forward on a development chain (anvil, Hardhat, ganache).",
    ),
    "consortium": (
        "consortium",
        "The alliance: members, accounts, roles and governance proposals.",
    ),
    "credential": (
        "credential",
        "Credentials of lawyers, legal-aid workers, mediators, notaries, appraisers: issue, verify, revoke.",
    ),
    "credit": (
        "credit",
        "Credit punishment: the dishonest-debtor list and high-consumption bans (by identity commitment).",
    ),
    "demo": (
        "demo",
        "Run the whole court procedure on a local chain, step by step, with gas and time per step.",
    ),
    "deploy": (
        "toolchain",
        "Deploy and wire the suite (or find the recorded deployment) and record deployments/<chainId>.json.",
    ),
    "enforce": (
        "enforce",
        "Enforcement cases: investigate, freeze, seize, distribute, withdraw, terminate, resume, close.",
    ),
    "evidence": (
        "evidence",
        "Anchor judicial documents by content hash; revoke or supersede them; show services.",
    ),
    "index": (
        "index",
        "Decode every event of the deployed suite into an index database and keep it current.",
    ),
    "keeper": (
        "keeper",
        "Follow the chain's events and send the permissionless triggers when they fall due.",
    ),
    "network": (
        "network",
        "A real consortium network: N go-ethereum Clique signers on loopback, one organisation per node.",
    ),
    "node": (
        "toolchain",
        "Start a local node, print its URL, and run until stopped (Ctrl-C, SIGINT or SIGTERM stop the node too).",
    ),
    "plan": (
        "plan",
        "Deployment plans (TOML): the chain, the members and their keys, the token, the courts.",
    ),
    "portal": (
        "portal",
        "Serve the verification portal: people verify documents in a browser (the file is hashed there and never uploaded), other systems use the JSON API (/api/openapi.json).",  # noqa: E501
    ),
    "relay": (
        "relay",
        "Cross-chain relayer: attest, collect M-of-N signatures, deliver to the inbox; restart-safe.",
    ),
    "serve": (
        "evidence",
        "Serve FILE on a recipient: anchors it as a served document (if not yet anchored) and records the service.",
    ),
    "verify": (
        "evidence",
        "Hash FILE and check it against the chain: every anchor of it — when, by whom, in which capacity (party, or which institutional role of which member) and in which case — and whether each was revoked or superseded.",  # noqa: E501
    ),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported when one of them is asked for, not when the group is listed."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str]], package: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy
        self.package = package

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.load(self.lazy[cmd_name][0])
        return self.commands.get(cmd_name)

    def load(self, module_name: str) -> None:
        """Import one command module; it registers its commands on this group."""
        module = importlib.import_module(f"{self.package}.{module_name}")
        module.register(self)

    def load_all(self) -> None:
        for module_name in sorted({m for m, _ in self.lazy.values()}):
            self.load(module_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table above, cut as click cuts it: the group's help imports no command module."""
        names = [n for n in self.list_commands(ctx) if not (n in self.commands and self.commands[n].hidden)]
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
            else:
                rows.append((name, make_default_short_help(self.lazy[name][1], limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def short_help(cmd: click.Command) -> str:
    """A command's one-line help, uncut (what `COMMANDS` records)."""
    return cmd.short_help or make_default_short_help(cmd.help or "", 10_000)
