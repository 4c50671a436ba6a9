"""Scaling: `courtchain verify` as the registry grows, the keeper's pass against what exists, the demo's wall time.

verify: the registry is filled with batch anchors (1,024 documents a transaction) from 10^2 to 10^5 records; at each
size, files anchored singly and as batch members are verified (a) in process, on the path `courtchain verify` takes
(SHA-256 of the file + one eth_call), and (b) as the real command, a subprocess (`python -m courtchain verify FILE
[--proof P] --rpc URL`), whose wall time is dominated by Python start-up and loading the deployment.

keeper: the core (courtchain.keeper.Keeper: event follower, deadline heap, journal, checkpoint) runs with a synthetic
watcher (cheap to fill to 10,000; the real watchers are in bench/keeper_pass.py, whose set-up takes ~17 min) over
real events: N evidence anchors (party, pipelined), of which 10 carry a deadline that falls due and the rest one far
in the future; the trigger is a real transaction. Pass 1 catches up with the N events; pass 2 (after time passes)
finds the 10 due among N scheduled and sends their trigger. Its time should not depend on N.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import ROOT, Deployed, deployed, machine, timed_median, write_result

from courtchain.accounts import dev_accounts
from courtchain.clients.evidence import AnchorRole, DocumentKind, EvidenceClient
from courtchain.keeper import CheckResult, Keeper
from courtchain.suite import Event
from courtchain.txn import Call
from courtchain.verify import MerkleTree, ProofFile, sha256_file

BATCH = 1024
ROUND = 7200
ROUNDS = 3
FAR = 2**62  # a deadline that never falls due


# -- verify ----------------------------------------------------------------------------------------------------------


def _files(directory: Path, tag: str, n: int) -> list[Path]:
    out = []
    for i in range(n):
        p = directory / f"{tag}-{i}.txt"
        p.write_text(f"court record {tag} {i}\n" * 50)
        out.append(p)
    return out


def _cli(d: Deployed, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COURTCHAIN_DEPLOYMENTS_DIR": str(d.directory)}
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "courtchain", "verify", *args, "--rpc", d.chain.url],
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"courtchain verify failed ({proc.returncode}): {proc.stdout[-500:]} {proc.stderr[-800:]}")
    return elapsed


def verify_scaling(sizes: Sequence[int] = (100, 1_000, 10_000, 100_000), probes: int = 20) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="courtchain-bench-verify-"))
    levels: list[dict[str, Any]] = []
    with deployed() as d:
        registrar = EvidenceClient(d.suite, dev_accounts()["registrar"])
        reader = EvidenceClient(d.suite)
        records = 0
        counter = 0
        for size in sizes:
            # singles first (pipelined), then batches of 1,024 until the registry holds `size` records
            singles = _files(work, f"single{size}", probes)
            registrar.anchor_many([sha256_file(p) for p in singles], DocumentKind.CASE_FILE, 7, AnchorRole.REGISTRAR)
            records += probes
            members = _files(work, f"member{size}", probes)
            member_hashes = [sha256_file(p) for p in members]
            batch = registrar.anchor_batch(member_hashes, DocumentKind.ARCHIVE, 7, AnchorRole.REGISTRAR)
            proof_files = []
            for p, h in zip(members, member_hashes, strict=True):
                pf = p.with_suffix(".proof.json")
                _write_proof(pf, batch.root, h, batch.tree.proof(h), p.name)
                proof_files.append(pf)
            records += probes
            calls = []
            while records + BATCH <= size or (records < size and size - records >= 2):
                n = min(BATCH, size - records)
                hashes = [hashlib.sha256(f"fill-{counter}-{i}".encode()).digest() for i in range(n)]
                counter += 1
                tree = MerkleTree(hashes)
                calls.append(
                    registrar.prepare(
                        "anchorBatch",
                        tree.root,
                        tree.size,
                        int(DocumentKind.ARCHIVE),
                        7,
                        int(AnchorRole.REGISTRAR),
                        gas=200_000,
                    )
                )
                records += n
            for start in range(0, len(calls), 50):
                registrar.transact_many(calls[start : start + 50])
            single_t, member_t = [], []
            for p in singles:
                t0 = time.perf_counter()
                assert reader.verify(sha256_file(p)).on_chain
                single_t.append(time.perf_counter() - t0)
            for p, h in zip(members, member_hashes, strict=True):
                t0 = time.perf_counter()
                assert reader.verify_batch_member(batch.root, sha256_file(p), batch.tree.proof(h)).on_chain
                member_t.append(time.perf_counter() - t0)
            cli_single = [_cli(d, str(singles[i])) for i in range(3)]
            cli_member = [_cli(d, str(members[i]), "--proof", str(proof_files[i])) for i in range(3)]
            levels.append(
                {
                    "records": records,
                    "verifySingleSeconds": timed_median(single_t),
                    "verifyBatchMemberSeconds": timed_median(member_t),
                    "cliVerifySingleSeconds": timed_median(cli_single),
                    "cliVerifyBatchMemberSeconds": timed_median(cli_member),
                }
            )
        d.chain.rpc("eth_blockNumber")
    shutil.rmtree(work, ignore_errors=True)
    first, last = levels[0], levels[-1]
    growth = last["verifySingleSeconds"]["median"] / first["verifySingleSeconds"]["median"]
    return {
        "what": "courtchain verify per file as the registry grows (records = documents anchored, singly or in batches)",
        "levels": levels,
        "growthSingle(last/first)": round(growth, 2),
        "target": "constant per-file time (expected: one mapping lookup in an eth_call)",
    }


def _write_proof(path: Path, root: bytes, content_hash: bytes, proof: list[bytes], name: str) -> None:
    ProofFile(content_hash=content_hash, root=root, proof=proof, file=name).write(path)


# -- keeper ----------------------------------------------------------------------------------------------------------


class AnchorDeadlines:
    """Synthetic watcher: each Anchored event of `case` is an item; the 10 with index ≡ g mod (n/10) fall due at
    `due_at + g * ROUND` for g < ROUNDS, the others far in the future. Triggering anchors one digest of the batch
    (a real transaction)."""

    name = "synthetic"
    contract = "EvidenceRegistry"
    events = ("Anchored",)
    batch_size = 50
    report_only = False
    description = "synthetic deadlines on evidence anchors (benchmark)"
    benign_errors: tuple[str, ...] = ()

    def __init__(self, suite: Any, n: int, due_at: int, case: int) -> None:
        self.client = EvidenceClient(suite, dev_accounts()["keeper"])
        self.step = max(1, n // 10)
        self.due_at = due_at
        self.case = case
        self.index: dict[int, bytes] = {}
        self.seen = 0

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        if event.name != "Anchored" or int(event.args["caseId"]) != self.case:
            return [], []
        item = self.seen
        self.seen += 1
        self.index[item] = bytes(event.args["contentHash"])
        group = item % self.step  # groups 0, 1, 2 fall due one after the other, 10 items each
        return [(item, self.due_at + ROUND * group if group < ROUNDS else FAR)], []

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        return CheckResult(ready=[i for i in items if self.client.verify(self.index[i]).on_chain])  # a view each

    def trigger(self, items: Sequence[int]) -> Call:
        digest = hashlib.sha256(b"".join(self.index[i] for i in items)).digest()
        return self.client.prepare("anchor", digest, int(DocumentKind.EVIDENCE), 0, 0)


def keeper_scaling(sizes: Sequence[int] = (1_000, 10_000)) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for n in sizes:
        with deployed() as d:
            party = EvidenceClient(d.suite, dev_accounts()["litigant"])
            t0 = time.perf_counter()
            for start in range(0, n, 500):
                hashes = [hashlib.sha256(f"k{n}-{i}".encode()).digest() for i in range(start, min(n, start + 500))]
                party.anchor_many(hashes, DocumentKind.EVIDENCE, 42, gas=90_000)
            fill = time.perf_counter() - t0
            due_at = d.chain.timestamp() + ROUND // 2
            state = Path(tempfile.mkdtemp(prefix="courtchain-bench-keeper-"))
            watcher = AnchorDeadlines(d.suite, n, due_at, 42)
            keeper = Keeper(d.suite, dev_accounts()["keeper"], [watcher], state)
            r1 = keeper.run_pass()
            assert r1.scheduled == n and not r1.triggered, r1
            idle = [keeper.run_pass().seconds for _ in range(3)]
            due_passes, own_work = [], []
            for _ in range(ROUNDS):
                d.chain.sleep(ROUND)
                r2 = keeper.run_pass()
                assert r2.due == 10 and len(r2.triggered.get("synthetic", [])) == 10, r2
                due_passes.append(r2.seconds)
                own_work.append(r2.seconds - r2.waiting)  # the pass less the wait for the node to mine its trigger
            saves = []
            for _ in range(3):  # the checkpoint the pass writes at its end: only what changed, in one transaction
                t1 = time.perf_counter()
                keeper._save()
                saves.append(time.perf_counter() - t1)
            keeper.close()
            shutil.rmtree(state, ignore_errors=True)
            out.append(
                {
                    "existing": n,
                    "fillSeconds": round(fill, 2),
                    "catchUpPass": {"events": r1.events, "scheduled": r1.scheduled, "seconds": round(r1.seconds, 4)},
                    "idlePassSeconds": timed_median(idle),
                    "checkpointSaveSeconds": timed_median(saves),
                    "scheduledAfter": keeper.pending,
                    "duePassSeconds (10 due, 1 trigger transaction)": timed_median(due_passes),
                    "duePassKeeperWorkSeconds": timed_median(own_work),
                }
            )
    key = "duePassSeconds (10 due, 1 trigger transaction)"
    ratio = out[-1][key]["median"] / out[0][key]["median"]
    own = out[-1]["duePassKeeperWorkSeconds"]["median"] / out[0]["duePassKeeperWorkSeconds"]["median"]
    return {
        "what": "keeper core (courtchain.keeper.Keeper) with a synthetic watcher over real Anchored events",
        "note": "A synthetic watcher isolates the core's cost as items grow; the real watchers are measured by "
        "bench/keeper_pass.py (10,000 filings and agreements; set-up of ~17 min, so not in make bench)",
        "levels": out,
        f"duePassGrowth({sizes[-1]}/{sizes[0]})": round(ratio, 2),
        f"keeperWorkGrowth({sizes[-1]}/{sizes[0]})": round(own, 2),
        "waitingNote": "the pass includes waiting for the node to mine the trigger; anvil mines more slowly as its "
        "state grows, which is the node's cost, not the keeper's: keeperWorkGrowth leaves that wait out",
        "target": "pass time grows with what is due (10), not with what exists: ratio ≈ 1",
    }


# -- demo ------------------------------------------------------------------------------------------------------------


def demo_wall_time(cold: bool = True) -> dict[str, Any]:
    def run(build_dir: Path | None) -> float:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        env["COURTCHAIN_DEPLOYMENTS_DIR"] = tempfile.mkdtemp(prefix="courtchain-bench-demo-")
        if build_dir is not None:
            env["COURTCHAIN_BUILD_DIR"] = str(build_dir)
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "courtchain", "demo"], env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"courtchain demo failed: {proc.stdout[-1000:]} {proc.stderr[-1000:]}")
        return elapsed

    res: dict[str, Any] = {"command": "python -m courtchain demo (a throwaway anvil, deploy, every demo step)"}
    if cold:
        empty = Path(tempfile.mkdtemp(prefix="courtchain-bench-build-"))
        res["coldSeconds"] = round(run(empty), 2)
        res["cold"] = "COURTCHAIN_BUILD_DIR=<empty directory>: both targets compiled first"
        shutil.rmtree(empty, ignore_errors=True)
    warm = [run(None) for _ in range(3)]
    res["warmSeconds"] = timed_median(warm)
    return res


def measure(
    cold_demo: bool = True,
    verify_sizes: Sequence[int] = (100, 1_000, 10_000, 100_000),
    keeper_sizes: Sequence[int] = (1_000, 10_000),
) -> dict[str, Any]:
    load = os.getloadavg()
    res: dict[str, Any] = {}
    res["keeper"] = keeper_scaling(keeper_sizes)
    res["verify"] = verify_scaling(verify_sizes)
    res["demo"] = demo_wall_time(cold_demo)
    res["machine"] = machine(load)
    write_result("scaling", res)
    return res
