"""`courtchain build | node | deploy`: the toolchain around the contracts."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import click

from .. import build, deploy
from ..chain import DEFAULT_CHAIN_ID, LocalNode
from .session import Session, chain_options, fail, make_table


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
    for i, t in enumerate(targets, 1):
        t0 = time.monotonic()
        step = f"[{i}/{len(targets)}] "
        session.note(f"{step}target {t.name}: checking whether the sources changed since the last build")

        def progress(line: str, step: str = step) -> None:
            session.note(step + line)

        artifacts = build.compile_target(t, force=force, log=progress)
        elapsed = time.monotonic() - t0
        deployable = sorted(n for n, a in artifacts.items() if len(a.bytecode) > 2)
        a0 = next(iter(artifacts.values()))
        rows.append((t.name, a0.compiler, t.evm_version, len(deployable), f"{elapsed:.1f}s"))
        out.append(
            {
                "target": t.name,
                "compiler": a0.compiler,
                "evm_version": t.evm_version,
                "contracts": deployable,
                "seconds": round(elapsed, 2),
                "source_hash": a0.source_hash,
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
    """Start a local node, print its URL, and run until stopped (Ctrl-C, SIGINT or SIGTERM stop the node too).

    A busy port is refused (exit 3): the node would otherwise seem to run while another one answers."""

    node = LocalNode(
        kind=kind,
        port=port,
        chain_id=chain_id,
        block_time=block_time,
        gas_price=gas_price,
        state_path=Path(state) if state else None,
    )

    def _stop(signum: int, _frame: object) -> None:
        raise _NodeStop(signal.Signals(signum).name)

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        node.start()
        click.echo(node.url, err=False)
        click.echo(f"{kind} running (chain id {chain_id}); Ctrl-C or SIGTERM to stop", err=True)
        assert node.process is not None
        while node.process.poll() is None:
            time.sleep(0.5)
        fail(f"{kind} exited on its own with code {node.process.returncode}", 3)
    except _NodeStop as stop:
        node.stop()
        click.echo(f"{kind} stopped ({stop})", err=True)
    finally:
        for s in (signal.SIGINT, signal.SIGTERM):  # a second signal while stopping must not leave the node behind
            signal.signal(s, signal.SIG_IGN)
        node.stop()
        for s, handler in previous.items():
            signal.signal(s, handler)


class _NodeStop(Exception):
    """A signal asked `courtchain node` to stop."""


@click.command("deploy")
@chain_options
@click.option("--fresh", is_flag=True, help="Deploy anew even if a matching deployment (or a journal) is recorded.")
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Deploy from this plan (TOML) with the keys it names that are held here.",
)
@click.option("--resume", is_flag=True, help="With --plan: continue the journaled deployment after a stop.")
@click.option("--member", default=None, help="With --plan: use only this member's keys.")
@click.option("--check", "check_only", is_flag=True, help="Re-verify the code at every recorded address; send nothing.")
@click.option(
    "--target",
    type=click.Choice(sorted(build.TARGETS)),
    default=None,
    help="Without --plan: the build to deploy (default: the recorded one, else paris).",
)
def deploy_cmd(
    session: Session,
    fresh: bool,
    plan_path: Path | None,
    resume: bool,
    member: str | None,
    check_only: bool,
    target: str | None,
) -> None:
    """Deploy and wire the suite (or find the recorded deployment) and record deployments/<chainId>.json.

    On a development node without --plan, the shipped development plan (plans/dev-consortium.toml) is deployed.
    Exit 4: the deployment waits for other members to approve a proposal (the message says which and how)."""
    if check_only:
        _check_deployment(session)
        return
    session.require_chain_for_writes("`courtchain deploy` deploys")
    if plan_path is None:
        if resume or member:
            fail("--resume and --member go with --plan")
        session.target = target
        d = deploy.deploy(session.chain, fresh=fresh, log=session.note, target=session.build_target)
        record, path, fresh_ = d.record, d.path, d.fresh
    else:
        if target is not None:
            fail("with --plan, the build target is the plan's ([chain] target)")
        record, path, fresh_ = _deploy_plan(session, plan_path, fresh=fresh, resume=resume, member=member)
    rows = [(name, e["address"], e["block"], f"{e['gasUsed']:,}") for name, e in record["contracts"].items()]
    if record.get("complete") is False:
        session.note(f"deployment from plan {record.get('plan')!r} is incomplete: resume with --plan PLAN --resume")
    session.emit(
        {"fresh": fresh_, "record": str(path), **record},
        table=make_table(f"deployment on chain {record['chainId']}", ["contract", "address", "block", "gas"], rows),
        text=("deployed afresh" if fresh_ else "already deployed; nothing sent") + f" — record: {path}",
    )


def _deploy_plan(
    session: Session, plan_path: Path, *, fresh: bool, resume: bool, member: str | None
) -> tuple[dict[str, Any], Path, bool]:
    from .. import plan as plans
    from ..plan_deploy import deploy_plan, plan_signers

    p = plans.load(plan_path)
    if member is not None and member not in {m.name for m in p.members}:
        fail(f"--member {member!r} is not a member of plan {plan_path}")
    chain = session.chain
    path = deploy.record_path(chain.chain_id)
    journal = path.with_suffix(".journal.json")
    record = deploy.load_record(chain)
    if record is not None and record.get("complete") and record.get("planHash") == p.sha256 and not fresh:
        problems = deploy.check_record(chain, record)
        if not problems:
            return record, path, False
        fail(f"recorded deployment does not match chain {chain.chain_id}: {problems[0]} (use --fresh)")
    if journal.exists() and not (resume or fresh):
        fail(f"a deployment from a plan is under way ({journal}): --resume to continue it, --fresh to start over")
    if resume and not journal.exists():
        fail(f"nothing to resume: no journal {journal}")
    signers = plan_signers(p, dev_chain=chain.is_dev_node, only_member=member)
    _, record = deploy_plan(chain, p, signers, record_path=path, fresh=fresh, log=session.note)
    return record, path, True


def _check_deployment(session: Session) -> None:
    chain = session.chain
    record = deploy.load_record(chain)
    if record is None:
        fail(f"nothing deployed on chain {chain.chain_id} is recorded in {deploy.record_path(chain.chain_id)}")
    assert record is not None
    problems = deploy.check_record(chain, record)
    if record.get("complete") is False:
        problems.append(f"the deployment from plan {record.get('plan')!r} is incomplete")
    summary = {
        "chain_id": chain.chain_id,
        "target": record.get("target"),
        "compiler": record.get("compiler"),
        "source_hash": record.get("sourceHash"),
        "plan_hash": record.get("planHash"),
        "contracts": len(record.get("contracts", {})),
        "problems": problems,
    }
    if problems:
        for problem in problems:
            session.note(f"problem: {problem}")
        fail(f"deployment on chain {chain.chain_id}: {len(problems)} problem(s)")
    session.emit(
        summary,
        text=f"deployment on chain {chain.chain_id} verified: {summary['contracts']} contracts, "
        f"target {record.get('target')}, {record.get('compiler')}",
    )
