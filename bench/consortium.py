"""Deployment from a plan per build target, and the demo on a chain mined every second (a consortium's pace).

    python bench/consortium.py        → bench/results/consortium.json (then `python bench/run.py report`)

The deployment figures come from the journaled plan deployment (`deploy --plan`, the development plan) on a fresh
node per target: paris on anvil, fisco on anvil with the istanbul hardfork and free gas. The demo runs on anvil with
`--block-time 1 --gas-price 0 --chain-id 7777` after its deployment; blocks are counted from the node.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import os

from common import machine, write_result

from courtchain.chain import Chain, LocalNode

# Measured the same way on the code just before the demo sent independent transactions together (the parent of commit
# 19657fe, with the audit fixes merged): the demo on 1-second blocks.
BEFORE = {"blocks": 71, "seconds": 67.2, "transactions": 64}


def _cli(url: str, deployments: str, *args: str) -> dict[str, object]:
    r = subprocess.run(
        [sys.executable, "-m", "courtchain", *args, "--rpc", url, "--json"],
        capture_output=True, text=True, env={**os.environ, "COURTCHAIN_DEPLOYMENTS_DIR": deployments}, check=False,
    )  # fmt: skip
    if r.returncode != 0:
        raise SystemExit(f"courtchain {' '.join(args)} failed: {r.stderr.strip()}")
    out: dict[str, object] = json.loads(r.stdout)
    return out


def deployment(target: str) -> dict[str, object]:
    fisco = target == "fisco"
    with LocalNode(hardfork="istanbul" if fisco else "paris", gas_price=0 if fisco else None) as node:
        d = _cli(node.url, tempfile.mkdtemp(), "deploy", "--target", target)
        return {"transactions": d["transactions"], "gasUsed": d["gasUsed"], "compiler": d["compiler"]}


def demo_on_one_second_blocks() -> dict[str, object]:
    with LocalNode(block_time=1, gas_price=0, chain_id=7777) as node:
        chain = Chain(node.url)
        deployments = tempfile.mkdtemp()
        _cli(node.url, deployments, "deploy")
        start = chain.block_number()
        t0 = time.monotonic()
        d = _cli(node.url, deployments, "demo", "--documents", tempfile.mkdtemp())
        seconds = time.monotonic() - t0
        return {"blocks": chain.block_number() - start, "seconds": round(seconds, 1), "transactions": d["transactions"]}


def main() -> int:
    load0 = os.getloadavg()
    result: dict[str, object] = {
        "deployment": {t: deployment(t) for t in ("paris", "fisco")},
        "demoOneSecondBlocks": {"before": BEFORE, "after": demo_on_one_second_blocks()},
    }
    result["machine"] = machine(load0)
    print(f"wrote {write_result('consortium', result)}")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
