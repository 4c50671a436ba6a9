"""Gas of the operations whose events the per-case pseudonyms changed (issue 18), from real receipts on a throwaway
anvil: filing with two parties (`PartyRecorded`), a judgment with one obligation (`JudgmentObligationRecorded`),
opening an enforcement case (`CaseOpened`, `AssetInquiryIssued`), a service (`Served`), approving a termination
that lists the debtor twice (`DebtorListed`, `EntryListed`), the distribution that closes the case and delists
(`DebtorDelisted`, `EntryDelisted`), and a judge's listing proposal (`ListingProposed`).

    PYTHONPATH=src .venv/bin/python bench/privacy_gas.py   → prints JSON
"""

from __future__ import annotations

import hashlib
import inspect
import json
import tempfile
from pathlib import Path
from typing import Any

from courtchain import deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients.credit import CaseDomain, CreditClient, EntryKind, Reason
from courtchain.clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Obligation,
    Outcome,
    Party,
    PartyRole,
    setup_dev_court,
)
from courtchain.clients.enforcement import EnforcementClient, OrderKind, termination_listing
from courtchain.clients.evidence import EvidenceClient
from courtchain.clients.token import SettlementTokenClient


def h(label: str) -> bytes:
    return hashlib.sha256(label.encode()).digest()


def measure() -> dict[str, Any]:
    accts = dev_accounts()
    out: dict[str, Any] = {}
    with LocalNode() as node, tempfile.TemporaryDirectory() as tmp:
        chain = Chain(node.url)
        suite = deploy.deploy(chain, fresh=True, directory=Path(tmp)).suite
        docket = setup_dev_court(suite, accts["clerk"])
        litigant = DocketClient(suite, accts["litigant"])
        parties = [Party(h("plaintiff"), PartyRole.PLAINTIFF), Party(h("defendant"), PartyRole.DEFENDANT)]
        kinds = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
        fid, sent = litigant.submit(DEV_COURT_ID, "民初", parties, 1000, [MaterialInput(h(f"m{k}"), k) for k in kinds])
        out["docket.submit (2 parties)"] = sent.gas_used
        chain.set_time(docket.filing(fid).window_ends + 1)
        docket.docket(fid)
        judge_docket = DocketClient(suite, accts["judge"])
        ob = Obligation(
            h("defendant"), accts["debtor"].address, accts["creditor"].address, 500, chain.timestamp() + 86400
        )
        out["docket.recordJudgment (1 obligation)"] = judge_docket.record_judgment(
            fid, h("judgment"), Outcome.UPHELD, [ob]
        ).gas_used
        clerk = EnforcementClient(suite, accts["clerk"])
        case_id, sent = clerk.open_case(
            h("debtor"), accts["creditor"].address, 1000, debtor_account=accts["debtor"].address
        )
        out["enforcement.openCase"] = sent.gas_used
        _, sent = EvidenceClient(suite, accts["clerk"]).serve(
            h("notice"),
            h("recipient"),
            chain.timestamp() + 8 * 86400,
            case_id=fid,
            recipient_account=accts["debtor"].address,
        )
        out["evidence.serve"] = sent.gas_used
        officer = EnforcementClient(suite, accts["officer"])
        listing = termination_listing(ban=True, dishonest_reason=int(Reason.REFUSES_DESPITE_ABILITY))
        params = inspect.signature(officer.propose_order).parameters
        if "credit_key" in params:
            oid, sent = officer.propose_order(case_id, OrderKind.TERMINATE, 0, listing, h("ruling"), credit_key=h("ck"))
        else:
            oid, sent = officer.propose_order(case_id, OrderKind.TERMINATE, 0, listing, h("ruling"))
        out["enforcement.proposeOrder (terminate)"] = sent.gas_used
        out["enforcement.approveOrder (terminate, 2 listings)"] = (
            EnforcementClient(suite, accts["judge2"]).approve_order(oid).gas_used
        )
        SettlementTokenClient(suite, accts["outsider"]).mint(accts["debtor"].address, 1000)
        out["enforcement.deposit (terminated case, resumes)"] = (
            EnforcementClient(suite, accts["debtor"]).deposit(case_id, 1000).gas_used
        )
        pages = EnforcementClient(suite, accts["keeper"]).distribute_all(case_id)
        out["enforcement.distribute (closes, delists 2)"] = sum(s.gas_used for s in pages)
        _, sent = CreditClient(suite, accts["judge"]).propose_listing(
            h("ck2"),
            CaseDomain.ENFORCEMENT,
            case_id,
            EntryKind.DISHONEST_DEBTOR,
            Reason.REFUSES_DESPITE_ABILITY,
            h("e"),
        )
        out["credit.proposeListing"] = sent.gas_used
    return out


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2, ensure_ascii=False))
