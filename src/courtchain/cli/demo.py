"""`courtchain demo`: the whole procedure, narrated."""

from __future__ import annotations

import time

import click

from .. import demo as demo_module
from .session import Session, chain_options, console


def register(cli: click.Group) -> None:
    cli.add_command(demo)


@click.command("demo")
@chain_options
def demo(session: Session) -> None:
    """Run the whole court procedure on a local chain, step by step, with gas and time per step."""
    t0 = time.monotonic()
    suite = session.suite
    setup = time.monotonic() - t0

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
    results = demo_module.run(suite, narrate)
    total_gas = sum(r.gas for r in results)
    total = time.monotonic() - t0
    session.emit(
        {"chainId": suite.chain.chain_id, "steps": results, "totalGas": total_gas, "seconds": round(total, 2)},
        text=f"\ndone: {len(results)} steps, {sum(r.transactions for r in results)} transactions, "
        f"{total_gas:,} gas, {total:.1f}s",
    )
