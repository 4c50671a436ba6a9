"""`courtchain demo`: the whole procedure, narrated."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .. import demo as demo_module
from .session import Session, chain_options, console


def register(cli: click.Group) -> None:
    cli.add_command(demo)


@click.command("demo")
@chain_options
@click.option(
    "--documents",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Where to write the case's documents and proof files [default: {demo_module.DEMO_DOCUMENTS}].",
)
@click.option(
    "--target",
    type=click.Choice(["paris", "fisco"]),
    default=None,
    help="The build to run (fisco: on an istanbul node with free gas when the node is embedded).",
)
@click.option(
    "--audit-report",
    "report_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="At the end, write the audit report of the demo's case (HTML with its pictures) into this folder "
    "(`make demo`: build/audit-report).",
)
@click.option(
    "--story",
    type=click.Choice(["court", "bankruptcy"]),
    default="court",
    show_default=True,
    help="court: the whole court procedure; bankruptcy: a liquidation and a reorganisation vote by classes.",
)
def demo(session: Session, documents: Path | None, target: str | None, report_dir: Path | None, story: str) -> None:
    """Run the whole court procedure on a local chain, step by step, with gas and time per step.

    Filing, docketing by rule, a mediation agreement and its default, enforcement under two-person control,
    distribution, termination and listing, resumption, closure and delisting, anchoring and verification, and the
    audit check. Money is checked for conservation after every step; the demo stops with an error if it is not.
    Needs a development node (time travel): the embedded anvil by default, or --rpc to a local anvil/Hardhat.
    With --audit-report DIR it ends by writing `courtchain audit report` of the demo's case into DIR.
    """
    if report_dir is not None and story != "court":
        raise click.UsageError("--audit-report writes the report of the court story's case (--story court)")
    t0 = time.monotonic()
    demo_module.check_documents_folder((documents or demo_module.DEMO_DOCUMENTS).absolute())  # before any set-up
    session.target = target
    if not session.chain.is_dev_node:
        raise click.UsageError("the demo travels in time: give it a development node (or no --rpc at all)")
    first = session.chain.block_number() + 1 if session.embedded else None
    suite = session.suite
    setup = time.monotonic() - t0
    blocks = range(first, suite.chain.block_number() + 1) if first is not None else None

    def narrate(r: demo_module.StepResult) -> None:
        if session.as_json:
            return
        console.print(
            f"\n[bold]{r.number}. {r.title}[/bold]  [dim]{r.transactions} tx, {r.gas:,} gas, {r.seconds:.2f}s[/dim]"
        )
        for line in r.lines:
            console.print(f"   {line}", markup=False)

    if not session.as_json:
        console.print(
            f"[bold]courtchain demo[/bold] on chain {suite.chain.chain_id} ({suite.chain.url}); set-up {setup:.1f}s"
        )
    t1 = time.monotonic()
    if story == "bankruptcy":
        from .. import demo_bankruptcy

        results = demo_bankruptcy.run(suite, narrate, documents=documents)
    else:
        results = demo_module.run(suite, narrate, deployment_blocks=blocks, documents=documents)
    total_gas = sum(r.gas for r in results)
    steps_seconds = time.monotonic() - t1
    report: dict[str, object] | None = None
    if report_dir is not None:
        from ..audit.report import write_report

        filing = next(int(r.data["filingId"]) for r in results if "filingId" in r.data)
        written, statement, _story = write_report(suite, ("case", filing), report_dir)
        report = {"case": filing, "html": str(written.html), "ok": statement.ok}
        if not session.as_json:
            console.print(f"\naudit report of case {filing}: {written.html} ({statement.result_words()})")
    total = time.monotonic() - t0
    extra: dict[str, object] = {} if report is None else {"audit_report": report}
    session.emit(
        {
            **extra,
            "chain_id": suite.chain.chain_id,
            "compiler": next(iter(suite.artifacts.values())).compiler,
            "evm_version": next(iter(suite.artifacts.values())).evm_version,
            "steps": results,
            "total_gas": total_gas,
            "transactions": sum(r.transactions for r in results),
            "setup_seconds": round(setup, 2),
            "steps_seconds": round(steps_seconds, 2),
            "seconds": round(total, 2),
        },
        text=f"\ndone: {len(results)} steps, {sum(r.transactions for r in results)} transactions, "
        f"{total_gas:,} gas; set-up {setup:.1f}s + steps {steps_seconds:.1f}s = {total:.1f}s",
    )
