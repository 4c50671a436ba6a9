"""Gas of CaseDocket's main transactions, from real receipts on a throwaway anvil.

Run: PYTHONPATH=src .venv/bin/python bench/docket_gas.py   → bench/results/docket_gas.json
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from eth_utils import keccak

from courtchain import deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients.docket import (
    DEV_WINDOW,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Obligation,
    Outcome,
    Party,
    PartyRole,
    setup_dev_court,
)
from courtchain.suite import Suite

OUT = Path(__file__).resolve().parent / "results" / "docket_gas.json"


def h(label: str) -> bytes:
    return bytes(keccak(text=label))


def measure(suite: Suite, chain: Chain) -> dict[str, Any]:
    acc = dev_accounts()
    parties = [Party(h("plaintiff"), PartyRole.PLAINTIFF), Party(h("defendant"), PartyRole.DEFENDANT)]
    kinds = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
    setup_dev_court(suite, acc["clerk"])
    litigant = DocketClient(suite, acc["litigant"])
    outsider = DocketClient(suite, acc["outsider"])
    clerk = DocketClient(suite, acc["clerk"])
    gas: dict[str, Any] = {}

    def mats(tag: str, *ks: int) -> list[MaterialInput]:
        return [MaterialInput(h(f"{tag}-{k}"), int(k)) for k in ks]

    first, sent = litigant.submit(1, "民初", parties, 10_000, mats("a", *kinds))
    gas["submitFiling (2 parties, 3 materials, first filing)"] = sent.gas_used
    fid, sent = litigant.submit(1, "民初", parties, 10_000, mats("b", *kinds))
    gas["submitFiling (2 parties, 3 materials)"] = sent.gas_used
    partial, sent = litigant.submit(1, "民初", parties, 10_000, mats("c", 1))
    gas["submitFiling (2 parties, 1 material)"] = sent.gas_used
    gas["addMaterials (1 material)"] = litigant.add_materials(partial, mats("c", 2)).gas_used
    gas["addMaterials (1 material, second)"] = litigant.add_materials(partial, mats("c", 3)).gas_used
    early, _ = litigant.submit(1, "民初", parties, 10_000, mats("d", *kinds))
    gas["docket early by clerk (first number of its court, year and type)"] = clerk.docket(early).sent.gas_used
    refused, _ = litigant.submit(1, "民初", parties, 10_000, mats("e", 1))
    batch = [litigant.submit(1, "民初", parties, 1, mats(f"f{i}", *kinds))[0] for i in range(10)]
    chain.sleep(DEV_WINDOW)
    gas["docket by outsider"] = outsider.docket(first).sent.gas_used
    gas["docket by outsider (next)"] = outsider.docket(fid).sent.gas_used
    gas["docket (refused, 2 kinds missing)"] = outsider.docket(refused).sent.gas_used
    many = outsider.docket_many(batch)
    assert many.sent is not None and len(many.docketed) == 10
    gas["docketMany (10 due filings)"] = many.sent.gas_used
    gas["docketMany per filing"] = many.sent.gas_used // 10
    due = chain.timestamp() + 30 * 86400
    ob = Obligation(h("defendant"), acc["debtor"].address, acc["creditor"].address, 10_000, due)
    judge = DocketClient(suite, acc["judge"])
    gas["recordJudgment (1 obligation)"] = judge.record_judgment(fid, h("judgment"), Outcome.UPHELD, [ob]).gas_used
    gas["transferCase"] = clerk.transfer(first, 5, h("file"))[1].gas_used
    gas["acceptTransfer"] = DocketClient(suite, acc["procurator"]).accept_transfer(first).gas_used
    return gas


def main() -> None:
    with LocalNode() as node:
        chain = Chain(node.url)
        suite = deploy.deploy(chain, fresh=True, directory=Path(tempfile.mkdtemp())).suite
        result = {
            "node": chain.client_version,
            "compiler target": "paris",
            "note": "gasUsed from receipts; transaction intrinsic cost included",
            "gas": measure(suite, chain),
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
