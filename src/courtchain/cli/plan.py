"""`courtchain plan init|check`: write a commented deployment plan, and list every problem of one."""

from __future__ import annotations

from pathlib import Path

import click

from .. import plan as plans
from .session import console, err_console, fail


def register(cli: click.Group) -> None:
    cli.add_command(plan_group)


@click.group("plan")
def plan_group() -> None:
    """Deployment plans (TOML): the chain, the members and their keys, the token, the courts."""


@plan_group.command("init")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", default="new consortium", show_default=True, help="The consortium's name.")
@click.option("--chain-id", type=click.IntRange(min=1), default=7777, show_default=True)
@click.option("--target", type=click.Choice(plans.TARGETS), default="paris", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init_cmd(path: Path, name: str, chain_id: int, target: str, force: bool) -> None:
    """Write a commented plan for a new consortium to PATH (edit it, then `courtchain plan check PATH`)."""
    if path.exists() and not force:
        fail(f"{path} exists; give --force to overwrite it")
    if not path.parent.is_dir():
        fail(f"folder {path.parent} does not exist")
    path.write_text(plans.template(name, chain_id, target), encoding="utf-8")
    console.print(f"wrote {path}: edit the members, accounts and signers, then run `courtchain plan check {path}`")


@plan_group.command("check")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--rpc",
    default=None,
    help="Also check against this node (chain id, gas limit). COURTCHAIN_RPC too.",
    envvar="COURTCHAIN_RPC",
)
@click.option("--member", default=None, help="Check only this member's keys (an operator holds only its own).")
def check_cmd(path: Path, rpc: str | None, member: str | None) -> None:
    """Validate a plan without sending anything; list every problem at once (exit 1 if there is any)."""
    node = None
    if rpc:
        from .. import build
        from ..chain import connect

        chain = connect(rpc)

        def node(p: plans.Plan) -> list[str]:
            artifacts = build.compile_target(build.TARGETS[p.target])
            limit = int(chain.rpc("eth_getBlockByNumber", ["latest", False])["gasLimit"], 16)
            return plans.node_problems(
                p, chain.chain_id, limit, plans.largest_deployment_gas(artifacts), chain.is_dev_node
            )

    loaded, problems = plans.check(path, only_member=member, node=node)
    if member is not None and loaded is not None and member not in {m.name for m in loaded.members}:
        problems.append(f"--member {member!r} is not a member of the plan")
    if problems:
        for p in problems:
            err_console.print(f"problem: {p}", markup=False)
        fail(f"plan {path}: {len(problems)} problem(s)")
    assert loaded is not None
    console.print(
        f"plan {path}: no problems ({len(loaded.members)} members, {len(loaded.accounts())} accounts, "
        f"target {loaded.target}, chain {loaded.chain_id}, sha256 {loaded.sha256[:16]}…)",
        markup=False,
    )
