"""Gas of the credential operations, from the receipts on a real node, against the Ethereum Attestation Service's
`attest` (about 250 k gas for a small attestation): issuing, the two transactions of a revocation, and the docket's
credential check (a filing and materials by an agent against the same without a credential). Run with -s to print
the figures (docs/credentials.md, "Gas"). With BENCH_WRITE=1 the figures also go to bench/results/credentials.json,
which BENCHMARKS.md (`python bench/run.py report`) reads."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients.credentials import ActionKind, CredentialClient, CredentialKind
from courtchain.clients.docket import DEV_COURT_ID, DocketClient, MaterialKind, setup_dev_court
from courtchain.suite import Suite
from tests.docket.conftest import CIVIL_KINDS, PARTIES, materials

from .conftest import YEAR, Licensing, commitment_for

EAS_ATTEST = 250_000
ROOT = Path(__file__).resolve().parents[2]
RESULT = ROOT / "bench" / "results" / "credentials.json"
COMMAND = "BENCH_WRITE=1 .venv/bin/python -m pytest -q -p no:xdist -s tests/credentials/test_credential_gas.py"


def _commit() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    return head.strip() + ("+dirty" if dirty.strip() else "")


def _write_result(figures: dict[str, int], load_start: tuple[float, float, float]) -> None:
    """bench/results/credentials.json: the figures, the two differences, the reference, and the machine (as bench/)."""
    data = {
        "command": COMMAND,
        "figures": figures,
        "credentialCheck": {
            "filing": figures["filing by an agent"] - figures["filing without a credential"],
            "materials": figures["materials by an agent"] - figures["materials without a credential"],
        },
        "revokeTotal": figures["revoke (propose)"] + figures["revoke (approve)"],
        "easAttestReference": EAS_ATTEST,
        "machine": {
            "loadAverageStart": [round(x, 2) for x in load_start],
            "loadAverageEnd": [round(x, 2) for x in os.getloadavg()],
            "cores": os.cpu_count(),
            "commit": _commit(),
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
    }
    RESULT.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def test_gas_against_eas(suite: Suite, licensing: Licensing, clerk: LocalAccount) -> None:
    load_start = os.getloadavg()
    bureau = CredentialClient(suite, licensing.bureau1)
    until = suite.chain.timestamp() + YEAR
    cid, issued = bureau.issue(
        licensing.lawyer.address, CredentialKind.LAWYER_LICENCE, commitment_for(), "北京某某律师事务所", "专职", until
    )
    setup_dev_court(suite, clerk)
    agent, plain = DocketClient(suite, licensing.lawyer), DocketClient(suite, licensing.other)
    plain.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS[:2], tag="warm-up"))  # counters non-zero
    f1, with_check = agent.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS[:2]), credential_id=cid)
    f2, without = plain.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS[:2], tag="plain"))
    m_with = agent.add_materials(f1, materials(MaterialKind.EVIDENCE_LIST))
    m_without = plain.add_materials(f2, materials(MaterialKind.EVIDENCE_LIST))
    aid, proposed = bureau.propose(cid, ActionKind.REVOKE, keccak(text="decision"), "吊销执业证书")
    approved = CredentialClient(suite, licensing.bureau2).approve(aid)
    figures = {
        "issue": issued.gas_used,
        "revoke (propose)": proposed.gas_used,
        "revoke (approve)": approved.gas_used,
        "filing by an agent": with_check.gas_used,
        "filing without a credential": without.gas_used,
        "materials by an agent": m_with.gas_used,
        "materials without a credential": m_without.gas_used,
    }
    for name, gas in figures.items():
        print(f"{name:32s} {gas:>9,d} gas  ({gas / EAS_ATTEST:.0%} of EAS attest)")
    print(f"{'credential check, filing':32s} {with_check.gas_used - without.gas_used:>9,d} gas more")
    print(f"{'credential check, materials':32s} {m_with.gas_used - m_without.gas_used:>9,d} gas more")
    if os.environ.get("BENCH_WRITE") == "1":
        _write_result(figures, load_start)
    assert issued.gas_used < EAS_ATTEST
    assert proposed.gas_used + approved.gas_used < EAS_ATTEST
    assert (
        0 < with_check.gas_used - without.gas_used < 50_000
    )  # one new slot (the filing's credential), the hub and registry reads, an event
