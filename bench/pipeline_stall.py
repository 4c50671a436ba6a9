"""send_many under repetition: `--runs` consecutive pipelines of `--size` transactions from one account on a fresh
anvil, alternating cheap calls (an evidence anchor, ~50k gas) and heavy ones (a mediation agreement with four
instalments, ~520k gas: 45 gas limits fill a 30 M block, so each such pipeline is sent as 45 + 5, paced by the
in-flight gas budget, the shape of the reported stall). Counts pipelines that did not
finish (none allowed) and the stalls `Sender.send_many` repaired on the way (see txn._Stall), and times the run.

Usage: python bench/pipeline_stall.py [--runs 200] [--size 50] [--no-repair]
(--no-repair turns the repair off, to measure how often anvil strands a pipeline; a stranded pipeline then waits out
the receipt timeout, --timeout, 120 s by default as in the tooling, and counts as failed.)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from collections import Counter
from typing import Any

from common import deployed, machine, write_result

from courtchain import txn
from courtchain.accounts import dev_accounts
from courtchain.clients.docket import DEV_COURT_ID, setup_dev_court
from courtchain.clients.evidence import DocumentKind, EvidenceClient
from courtchain.clients.obligations import AgreementTerms, Consequence, ObligationClient, case_type_code
from courtchain.commitments import commitment


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--size", type=int, default=50)
    ap.add_argument("--no-repair", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="one line per pipeline")
    ap.add_argument("--timeout", type=float, default=120.0, help="receipt timeout per pipeline (the default's 120 s)")
    args = ap.parse_args()
    load = os.getloadavg()
    accts = dev_accounts()
    if args.no_repair:
        txn._Stall.repair = lambda self: None  # type: ignore[method-assign]
    with deployed() as d:
        d.chain.receipt_timeout = args.timeout
        setup_dev_court(d.suite, accts["clerk"], window=3600)
        party = EvidenceClient(d.suite, accts["litigant"])
        mediator = ObligationClient(d.suite, accts["mediator"])
        now = d.chain.timestamp()
        failures: list[str] = []
        stalled_runs = 0
        seconds: list[float] = []
        t_all = time.monotonic()
        for run in range(args.runs):
            before = len(party.sender.stall_repairs) + len(mediator.sender.stall_repairs)
            t0 = time.monotonic()
            try:
                if run % 2 == 0:
                    docs = [hashlib.sha256(f"stall-{run}-{i}".encode()).digest() for i in range(args.size)]
                    sent: list[Any] = party.anchor_many(docs, DocumentKind.EVIDENCE, 1)
                else:
                    calls = [
                        mediator.prepare("createAgreement", _terms(d.suite, accts, now, run * args.size + i).as_tuple())
                        for i in range(args.size)
                    ]
                    sent = mediator.transact_many(calls)
                assert len(sent) == args.size
            except Exception as exc:
                failures.append(f"run {run}: {type(exc).__name__}: {exc}")
                party.sender.resync_nonce()
                mediator.sender.resync_nonce()
            seconds.append(time.monotonic() - t0)
            if args.verbose:
                fresh = (party.sender.stall_repairs + mediator.sender.stall_repairs)[before:]
                print(
                    f"run {run}: {seconds[-1]:.2f} s pool {d.chain.rpc('txpool_status')} block {d.chain.block_number()} {fresh} {failures[-1] if failures and failures[-1].startswith(f'run {run}:') else ''}",
                    flush=True,
                )
            if len(party.sender.stall_repairs) + len(mediator.sender.stall_repairs) > before:
                stalled_runs += 1
        total = time.monotonic() - t_all
        repairs = party.sender.stall_repairs + mediator.sender.stall_repairs
    kinds = Counter(r.split(":")[0].split(" ", 2)[-1] for r in repairs)
    result = {
        "runs": args.runs,
        "size": args.size,
        "repair": not args.no_repair,
        "receiptTimeout": args.timeout,
        "failed": len(failures),
        "failures": failures[:20],
        "runsRepaired": stalled_runs,
        "repairs": len(repairs),
        "repairKinds": dict(kinds),
        "repairLog": repairs[:50],
        "seconds": round(total, 1),
        "secondsPerPipeline": {"median": round(sorted(seconds)[len(seconds) // 2], 3), "max": round(max(seconds), 3)},
        "machine": machine(load),
    }
    name = "pipeline_stall" + ("_norepair" if args.no_repair else "")
    path = write_result(name, result)
    print(
        f"{args.runs} pipelines of {args.size}: {len(failures)} failed, {stalled_runs} repaired "
        f"({dict(kinds)}), {total:.1f} s; {path}"
    )


def _terms(suite: Any, accts: dict[str, Any], now: int, n: int) -> AgreementTerms:
    return AgreementTerms(
        document_hash=hashlib.sha256(f"stall agreement {n}".encode()).digest(),
        debtor=commitment(hashlib.sha256(f"d{n}".encode()).digest(), "passport", "E55555555"),
        debtor_account=accts["debtor"].address,
        creditor=commitment(hashlib.sha256(f"c{n}".encode()).digest(), "passport", "E66666666"),
        creditor_account=accts["creditor"].address,
        token=suite.address("SettlementToken"),
        amounts=(100, 200, 300, 400),
        due_dates=tuple(now + (10 + 10 * i) * 86400 for i in range(4)),
        grace_period=2 * 86400,
        acceleration=False,
        consequence=Consequence.TRIAL,
        court_id=DEV_COURT_ID,
        case_type=case_type_code("民初"),
    )


if __name__ == "__main__":
    main()
