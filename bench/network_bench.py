"""Party-anchor throughput on the four-node Clique network against anvil on the same machine, and the engine's build.

The same transaction as bench/throughput.py (a party anchoring one piece of evidence, 48.7k gas), sent N times by
`EvidenceClient.anchor_many` (the pipelined typed client): on the network through the litigant's node (node 0), with
the suite deployed from a plan as in tests/network; on anvil with its automatic miner. The clock runs from the call
until every receipt is in. Clique seals a block a second (period 1 s), so the network's figure is bounded by how many
anchors one block holds (60 M gas / ~60 k) and by the one-second cadence; anvil mines on arrival.

The engine's build time: the `go install` of geth v1.13.15 with the current Go caches (a forced rebuild of the binary:
the module cache and build cache are warm after the first), and, when the engine had to be built first in this run,
that cold time too. A cold figure measured by hand is recorded in the notes (`GOMODCACHE`/`GOCACHE` emptied).

The demo's whole procedure on the network (`--part demo`, bench/results/network_demo.json): the suite deployed from
a plan, each organisation through its own node, the bank's validator killed after step 9 and restarted after step 13
(`courtchain.network_demo`, as tests/network/test_demo_network.py); its wall time, blocks and transactions, how much
of the time is waiting for the chain's clock (the docket window, the due dates and the grace of `demo.REAL_TIME`),
and every node's state compared at the end.

    python bench/network_bench.py [--part all|anchors|demo] [--n 200] [--rounds 3] [--rebuild]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import deployed, machine, write_result

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers import plan_with_env_keys

from courtchain import network_demo, plan_deploy
from courtchain import plan as plan_mod
from courtchain.accounts import dev_accounts
from courtchain.clients.evidence import DocumentKind, EvidenceClient
from courtchain.demo import REAL_TIME
from courtchain.engine import GETH_VERSION, build_engine
from courtchain.network import NETWORK_CHAIN_ID, Network, routes
from courtchain.suite import Suite


def docs(tag: str, n: int) -> list[bytes]:
    return [hashlib.sha256(f"{tag}-{i}".encode()).digest() for i in range(n)]


def run_rounds(suite: Suite, n: int, rounds: int, tag: str) -> list[float]:
    client = EvidenceClient(suite, dev_accounts()["litigant"])
    out = []
    for r in range(rounds):
        hashes = docs(f"{tag}-{r}", n)
        t0 = time.perf_counter()
        sent = client.anchor_many(hashes, DocumentKind.EVIDENCE, 12)
        out.append(time.perf_counter() - t0)
        assert len(sent) == n
    return out


def summary(samples: list[float], n: int) -> dict[str, float]:
    best, median = min(samples), statistics.median(samples)
    return {
        "seconds": [round(s, 3) for s in samples],
        "bestTxPerSecond": round(n / best, 1),
        "medianTxPerSecond": round(n / median, 1),
    }


def demo_on_the_network(load: tuple[float, float, float]) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="courtchain-network-demo-bench-"))
    plan_path, env = plan_with_env_keys(tmp, NETWORK_CHAIN_ID)
    os.environ.update(env)
    plan = plan_mod.load(plan_path)
    with Network(tmp / "run") as net:
        net.up(4)
        suite, record = plan_deploy.deploy_plan(
            net.chain(0),
            plan,
            plan_deploy.plan_signers(plan, dev_chain=False),
            record_path=tmp / "7777.json",
            fresh=True,
        )
        members = [(m.name, [plan_deploy.address_of(a) for a in m.accounts]) for m in plan.members]
        for address, c in routes(net, members).items():
            suite.route(address, c)
        ran = network_demo.run(
            net, suite, accounts=plan_deploy.plan_signers(plan, dev_chain=False), documents=tmp / "documents"
        )
        t0 = time.perf_counter()
        block, _, _ = network_demo.same_state_everywhere(net, suite)
        compare_seconds = time.perf_counter() - t0
    shutil.rmtree(tmp, ignore_errors=True)  # the nodes' databases: not left behind in /tmp
    timing = REAL_TIME
    result = {
        "what": "the demo's 18 steps on the four-node network, each organisation through its own node, the bank's "
        f"validator killed after step {network_demo.KILL_AFTER_STEP} and restarted after step "
        f"{network_demo.RESTART_AFTER_STEP}",
        "engine": f"geth {GETH_VERSION} (Clique, period 1 s, 4 signers on loopback)",
        "timing": {
            "windowSeconds": timing.window,
            "dueSeconds": [timing.first_due, timing.second_due],
            "graceSeconds": timing.grace,
        },
        "seconds": round(ran.seconds, 1),
        "waitingForTheClockSeconds": round(ran.waited, 1),
        "blocks": ran.blocks,
        "transactions": ran.transactions,
        "transactionsMined": ran.transactions_mined,
        "restartCatchUpSeconds": round(ran.restart_seconds, 1),
        "sameStateOnEveryNodeAtBlock": block,
        "compareSeconds": round(compare_seconds, 1),
        "deployTransactions": record["transactions"],
        "steps": [
            {"step": r.number, "title": r.title, "transactions": r.transactions, "seconds": round(r.seconds, 1)}
            for r in ran.steps
        ],
        "machine": machine(load),
    }
    path = write_result("network_demo", result)
    print(
        f"the demo on the network: {result['seconds']} s ({result['waitingForTheClockSeconds']} s waiting for the "
        f"clock), {ran.blocks} blocks, {ran.transactions} transactions"
    )
    print(f"wrote {path}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=["all", "anchors", "demo"], default="all")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rebuild", action="store_true", help="force a rebuild of geth to time a cached build")
    args = ap.parse_args()
    load = os.getloadavg()
    if args.part in ("all", "demo"):
        build_engine()
        demo_on_the_network(load)
        if args.part == "demo":
            return

    _, first_build = build_engine()
    cached = None
    if args.rebuild:
        _, cached = build_engine(force=True)

    tmp = Path(tempfile.mkdtemp(prefix="courtchain-network-bench-"))
    plan_path, env = plan_with_env_keys(tmp, NETWORK_CHAIN_ID)
    os.environ.update(env)
    plan = plan_mod.load(plan_path)
    with Network(tmp / "run") as net:
        t0 = time.perf_counter()
        net.up(4)
        up_seconds = time.perf_counter() - t0
        chain = net.chain(0)
        t0 = time.perf_counter()
        suite, record = plan_deploy.deploy_plan(
            chain, plan, plan_deploy.plan_signers(plan, dev_chain=False), record_path=tmp / "7777.json", fresh=True
        )
        deploy_seconds = time.perf_counter() - t0
        members = [(m.name, [plan_deploy.address_of(a) for a in m.accounts]) for m in plan.members]
        for address, c in routes(net, members).items():
            suite.route(address, c)
        network = run_rounds(suite, args.n, args.rounds, "network")
        blocks = net.wait_in_sync()[0]
    shutil.rmtree(tmp, ignore_errors=True)

    with deployed() as d:
        anvil = run_rounds(d.suite, args.n, args.rounds, "anvil")

    result = {
        "what": f"{args.n} party anchors via EvidenceClient.anchor_many, best and median of {args.rounds} rounds",
        "engine": f"geth {GETH_VERSION} (Clique, period 1 s, 4 signers on loopback)",
        "network": {
            **summary(network, args.n),
            "upSeconds": round(up_seconds, 1),
            "deploySeconds": round(deploy_seconds, 1),
            "deployTransactions": record["transactions"],
            "headAtEnd": blocks,
        },
        "anvil": summary(anvil, args.n),
        "ratioAnvilOverNetwork": round(min(network) / min(anvil), 1),
        "engineBuildSeconds": {
            "thisRun": None if first_build is None else round(first_build, 1),
            "forcedRebuildWithWarmCaches": None if cached is None else round(cached, 1),
        },
        "machine": machine(load),
    }
    path = write_result("network", result)
    print(
        f"network: {result['network']['bestTxPerSecond']} tx/s best; anvil: {result['anvil']['bestTxPerSecond']} tx/s"
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
