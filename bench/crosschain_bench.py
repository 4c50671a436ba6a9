"""Cross-chain messaging: gas per accepted message by threshold M (N = 5 attestors), and latency in blocks.

Two throwaway anvils (chain ids 31337 and 31338), the suite and the cross-chain contracts on both, five attestors.
For each M = 1..5 (set by a hub proposal on the receiving chain): a case transfer sent on A and delivered on B with
exactly M signatures; the figures are the receipt's gasUsed of `deliver`, and `eth_estimateGas` of the verifier's
`verify` alone. Latency: both nodes mine a block every second (interval mining), the relayers of the M organisations
run passes in turn, the procuratorate accepts as soon as the case arrives; blocks counted on each chain from the send
to the delivery on B, and from the send to the settlement on A (the whole try/confirm round trip).

Run: python bench/run.py crosschain   → bench/results/crosschain.json
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from common import machine

from courtchain import deploy
from courtchain.accounts import dev_account, dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients import crosschain as xc
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Party,
    PartyRole,
    setup_dev_court,
)
from courtchain.relay import Relayer
from courtchain.suite import Suite

OUT = Path(__file__).resolve().parent / "results" / "crosschain.json"
N = 5
PROCURATORATE = 5


def _docketed(a: Suite, tag: str) -> int:
    from eth_utils import keccak

    acc = dev_accounts()
    docket = setup_dev_court(a, acc["clerk"])
    parties = [Party(keccak(text="p" + tag), PartyRole.PLAINTIFF), Party(keccak(text="d" + tag), PartyRole.DEFENDANT)]
    kinds = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
    mats = [MaterialInput(keccak(text=f"{tag}-{int(k)}"), int(k)) for k in kinds]
    fid, _ = DocketClient(a, acc["litigant"]).submit(DEV_COURT_ID, "民初", parties, 50_000, mats)
    ends = docket.filing(fid).window_ends
    if a.chain.timestamp() < ends:
        a.chain.set_time(ends)
    docket.docket(fid)
    return fid


def _set_threshold(b: Suite, a_id: int, m: int) -> None:
    acc = dev_accounts()
    g = [acc["court_governor"], acc["bank_governor"], acc["credit_governor"]]
    ConsortiumClient(b, g[0]).govern([xc.AttestorsClient(b).set_threshold(a_id, m)], g, f"M = {m}")


def measure() -> dict[str, Any]:
    import os

    load = os.getloadavg()
    acc = dev_accounts()
    attestors = [dev_account(20 + i) for i in range(N)]
    g = [acc["court_governor"], acc["bank_governor"], acc["credit_governor"]]
    with tempfile.TemporaryDirectory() as tmp, LocalNode() as na, LocalNode(chain_id=31338) as nb:
        ca, cb = Chain(na.url), Chain(nb.url)
        a0 = deploy.deploy(ca, fresh=True, directory=Path(tmp) / "a").suite
        b0 = deploy.deploy(cb, fresh=True, directory=Path(tmp) / "b").suite
        a, b = xc.deploy_contracts(a0, g[0], g), xc.deploy_contracts(b0, g[0], g)
        addrs = [x.address for x in attestors]
        xc.wire_peer(a, b, addrs, 1, g)
        xc.wire_peer(b, a, addrs, 1, g)
        gas: list[dict[str, Any]] = []
        clerk = xc.CrossChainCasesClient(a, acc["clerk"])
        inbox = xc.InboxClient(b, acc["keeper"])
        verifier = b.address("CrossChainAttestors")
        for m in range(0, N + 1):  # m = 0: a warm-up message (the first one writes zero slots to non-zero)
            _set_threshold(b, a.chain.chain_id, max(m, 1))
            case_id = _docketed(a, f"gas-{m}")
            sent = clerk.send_case(case_id, b.chain.chain_id, PROCURATORATE, b"\x11" * 32, cb.timestamp() + 86400)
            ev = sent.event("MessageSent")
            env = xc.Envelope.from_value(ev.args["envelope"])
            h = env.struct_hash()
            proof = xc.encode_proof(
                {s.address: xc.sign_attestation(s.key, b.chain.chain_id, verifier, h) for s in attestors[: max(m, 1)]}
            )
            verify_call = {
                "to": verifier,
                "data": b.encode("CrossChainAttestors", "verify", [a.chain.chain_id, h, proof]),
            }
            verify_gas = int(cb.rpc("eth_estimateGas", [verify_call]), 16)
            delivered = inbox.deliver(env, bytes(ev.args["payload"]), proof)
            if m == 0:
                continue
            gas.append(
                {
                    "M": m,
                    "N": N,
                    "deliverGas": delivered.gas_used,
                    "verifyGasEstimate": verify_gas,
                    "sendCaseGas": sent.gas_used,
                }
            )
            print(f"crosschain: M={m}: deliver {delivered.gas_used:,} gas (verify alone ~{verify_gas:,})", flush=True)

        # latency: interval mining, relayers in turn
        latency: list[dict[str, Any]] = []
        for m in (2, N):
            _set_threshold(b, a.chain.chain_id, m)
            _set_threshold(a, b.chain.chain_id, m)
            case_id = _docketed(a, f"lat-{m}")
            # docketing moved A's clock past the filing windows: the chains' clocks agree again (a reply's timeout is
            # set on B's clock and judged on A's, as between real chains whose clocks agree)
            now = max(ca.timestamp(), cb.timestamp()) + 1
            ca.set_time(now)
            cb.set_time(now)
            for c in (ca, cb):
                c.rpc("evm_setAutomine", [False])
                c.rpc("evm_setIntervalMining", [1])
            a.reset_nonces()
            b.reset_nonces()
            relayers = [
                Relayer([a, b], s, Path(tmp) / f"ch{m}", Path(tmp) / f"st{m}-{s.address}") for s in attestors[:m]
            ]
            b_start = cb.block_number()
            sent = clerk.send_case(case_id, b.chain.chain_id, PROCURATORATE, b"\x22" * 32, cb.timestamp() + 86400)
            sent_block = sent.block
            proc = xc.CrossChainCasesClient(b, acc["procurator"])
            delivered_b = settled_a = None
            t0 = time.monotonic()
            accepted = False
            while time.monotonic() - t0 < 180 and settled_a is None:
                for r in relayers:
                    r.run_pass()
                if delivered_b is None:
                    evs = [e for e in b.logs(["CrossChainInbox"], from_block=b_start) if e.name == "MessageDelivered"]
                    if evs:
                        delivered_b = evs[0].block
                if delivered_b is not None and not accepted:
                    proc.accept_case(proc.incoming_count())
                    accepted = True
                out = xc.CrossChainCasesClient(a).outgoing(case_id)
                if out.status == xc.OutgoingStatus.TRANSFERRED:
                    settled = [
                        e for e in a.logs(["CrossChainCases"], from_block=sent_block) if e.name == "CaseOutSettled"
                    ]
                    settled_a = settled[-1].block
                time.sleep(0.2)
            for c in (ca, cb):
                c.rpc("evm_setIntervalMining", [0])
                c.rpc("evm_setAutomine", [True])
            latency.append(
                {
                    "M": m,
                    "blockTimeSeconds": 1,
                    "deliveryBlocksOnB": None if delivered_b is None else delivered_b - b_start,
                    "roundTripBlocksOnA": None if settled_a is None else settled_a - sent_block,
                    "seconds": round(time.monotonic() - t0, 1),
                }
            )
            print(f"crosschain: latency M={m}: {latency[-1]}", flush=True)
    result = {"gasByThreshold": gas, "latency": latency, "machine": machine(load)}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    measure()
