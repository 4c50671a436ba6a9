"""The benchmark suite's one entry point (see docs/quality.md, "Benchmarks").

    python bench/run.py                     everything: gas, throughput, scaling, then BENCHMARKS.md
    python bench/run.py gas [--check | --update-snapshot]
    python bench/run.py throughput [--n 1000 --rounds 5]
    python bench/run.py scaling [--no-cold-demo] [--quick]
    python bench/run.py report              rewrite BENCHMARKS.md from bench/results/*.json
    python bench/run.py bankruptcy          the 2,601-creditor meeting (not part of `all`)
    python bench/run.py crosschain          cross-chain gas by threshold M and latency in blocks (not in `all`)
    python bench/run.py index [--sizes 10000,100000,1000000] [--pg-sizes 10000,100000]
                                            the event index (catch-up rate; case page, document, subject listings
                                            at each size, SQLite and PostgreSQL); not part of `all` (it takes
                                            tens of minutes at 10^6); writes bench/results/index.json only

Each part writes bench/results/<part>.json with the machine's load average at its start and end; re-run it on a
quiet machine for figures that compare. `make bench` runs the whole suite; `make gas-check` only the gas part with
the snapshot check.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gas
import report
import scaling
import throughput


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="bench/run.py", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parts = ["all", "gas", "throughput", "scaling", "report", "bankruptcy", "crosschain", "index"]
    ap.add_argument("part", nargs="?", default="all", choices=parts)
    ap.add_argument("--check", action="store_true", help="gas: fail if a figure rose > 2 %% above the snapshot")
    ap.add_argument("--update-snapshot", action="store_true", help="gas: rewrite bench/gas-snapshot.json")
    ap.add_argument("--n", type=int, default=1000, help="throughput: transactions per mode")
    ap.add_argument("--rounds", type=int, default=5, help="throughput: rounds per mode (best and median reported)")
    ap.add_argument("--no-cold-demo", action="store_true", help="scaling: skip the cold demo (it compiles both builds)")
    ap.add_argument("--quick", action="store_true", help="scaling: smaller sizes (10^2..10^4 records, 1k/5k keeper)")
    ap.add_argument("--creditors", type=int, default=2601, help="bankruptcy: creditors voting")
    ap.add_argument("--batch", type=int, default=200, help="bankruptcy: relayed ballots per transaction")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="index: indexed events, SQLite")
    ap.add_argument("--pg-sizes", default="10000,100000,1000000", help="index: indexed events, PostgreSQL ('' none)")
    ap.add_argument("--anchors", type=int, default=2000, help="index: documents anchored on the real chain")
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    if args.part == "bankruptcy":
        import bankruptcy_bench

        res = bankruptcy_bench.measure(args.creditors, args.batch)
        print(json.dumps({k: v for k, v in res.items() if k != "machine"}, indent=2))
        return 0
    if args.part == "index":
        import index_bench

        sizes = [int(x) for x in args.sizes.split(",") if x]
        pg_sizes = [int(x) for x in args.pg_sizes.split(",") if x]
        print(f"index: real chain, catch-up, then sizes {sizes} (SQLite) and {pg_sizes} (PostgreSQL) ...", flush=True)
        out = index_bench.measure(sizes, pg_sizes, args.anchors, lambda s: print(f"index: {s}", flush=True))
        for db in ("sqlite", "postgresql"):
            if db in out:
                print(f"index: {db} growth {out[db]['growth']}")
        print(f"bench/results/index.json written; {time.monotonic() - t0:.0f}s")
        return 0
    status = 0
    if args.part == "crosschain":
        import crosschain_bench

        crosschain_bench.measure()
        print(f"crosschain: written to {crosschain_bench.OUT}; {time.monotonic() - t0:.0f}s")
        return 0
    if args.part in ("all", "gas"):
        print("gas: measuring (per-contract scripts, enforcement gas tests, demo) ...", flush=True)
        out = gas.measure()
        current = out["figures"]
        if args.update_snapshot:
            gas.write_snapshot(current)
            print(f"gas: snapshot rewritten ({len(current)} figures): commit bench/gas-snapshot.json")
        elif gas.SNAPSHOT.exists():
            rises, notes = gas.compare(current, gas.load_snapshot())
            for n in notes:
                print(f"gas: {n}")
            for r in rises:
                print(f"gas: ROSE {r}")
            if rises and args.check:
                print(
                    "gas: figures rose more than 2 % above bench/gas-snapshot.json; if intended, run "
                    "`python bench/run.py gas --update-snapshot` and commit the snapshot"
                )
                status = 1
            elif not rises:
                print(f"gas: {len(current)} figures, none above the snapshot + 2 %")
        for name, t in out["targets"].items():
            print(f"gas: {name} = {t['value']:,} (target {t['target']}) {'met' if t['met'] else 'NOT MET'}")
    if args.part in ("all", "throughput"):
        print(f"throughput: {args.n} transactions per mode, best of {args.rounds} ...", flush=True)
        tp = throughput.measure(args.n, args.rounds)
        print(
            f"throughput: a {tp['a']['txPerSecond']} tx/s, b {tp['b']['txPerSecond']}, c {tp['c']['txPerSecond']}; "
            f"b/a {tp['ratios']['b/a']}, c/a {tp['ratios']['c/a']} (target ≥ 0.8; median rounds "
            f"{tp['medianRatios']['c/a']}); explicit gas c/a {tp['ratios']['c_explicitGas/a']}"
        )
    if args.part in ("all", "scaling"):
        print("scaling: keeper, verify, demo ...", flush=True)
        if args.quick:
            sc = scaling.measure(not args.no_cold_demo, (100, 1_000, 10_000), (1_000, 5_000))
        else:
            sc = scaling.measure(not args.no_cold_demo)
        print(
            f"scaling: keeper due-pass growth {list(sc['keeper'].items())[3]}, verify growth "
            f"{sc['verify']['growthSingle(last/first)']}"
        )
    report.write()
    print(f"BENCHMARKS.md written; {time.monotonic() - t0:.0f}s")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
