"""A chain where every numbering differs: unrelated filings, agreements and enforcement cases are made first, then one
story (filing → docketed → judgment → obligation → default → enforcement with money → termination with listing).

So the story's filing id, docket sequence, obligation id and enforcement case id are four different numbers, and an
unrelated filing (never docketed) has the same number as the story's enforcement case: the portal must show that
enforcement case's listings on the story's page and never on the unrelated filing's page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients.credit import Reason
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
from courtchain.clients.enforcement import AssetKind, EnforcementClient, OrderKind, termination_listing
from courtchain.clients.evidence import AnchorRole, DocumentKind, EvidenceClient
from courtchain.clients.obligations import AgreementTerms, Consequence, ObligationClient
from courtchain.commitments import commitment
from courtchain.suite import Suite

from ..audit.procedure import mint

DAY = 86_400
YUAN = 10**18
CLAIM = 50_000 * YUAN
SEIZED = 20_000 * YUAN
KINDS = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)


@dataclass(frozen=True)
class Story:
    filing: int  # the story's docket filing (the portal's case id)
    sequence: int  # its docket sequence (in the case number)
    case_number: str
    obligation: int
    enforcement: int
    entries: tuple[int, ...]  # credit entries listed by the enforcement office under `enforcement`
    judgment: bytes  # the judgment's document hash, anchored under `filing`
    unrelated_filing: int  # never docketed; its id equals `enforcement`
    debtor_pseudonym: bytes


def _doc(label: str) -> bytes:
    return hashlib.sha256(f"portal story {label}".encode()).digest()


def _submit(suite: Suite, litigant: LocalAccount, n: int) -> int:
    parties = [
        Party(commitment(bytes([n]) * 32, "passport", f"E{n:08d}"), PartyRole.PLAINTIFF),
        Party(commitment(bytes([n + 1]) * 32, "passport", f"G{n:08d}"), PartyRole.DEFENDANT),
    ]
    materials = [MaterialInput(_doc(f"filing {n} material {int(k)}"), int(k)) for k in KINDS]
    fid, _ = DocketClient(suite, litigant).submit(DEV_COURT_ID, "民初", parties, CLAIM, materials)
    return fid


def build_story(suite: Suite, accts: dict[str, LocalAccount], chain: Chain) -> Story:
    a = accts
    setup_dev_court(suite, a["clerk"])
    # Unrelated records first: 3 enforcement cases opened directly, 1 agreement, 4 filings never docketed.
    office = EnforcementClient(suite, a["clerk"])
    for i in range(3):
        office.open_case(_doc(f"unrelated debtor {i}"), a["creditor2"].address, 1000 * YUAN)
    now = chain.timestamp()
    ObligationClient(suite, a["mediator"]).create_agreement(
        AgreementTerms(
            document_hash=_doc("unrelated agreement"),
            debtor=_doc("unrelated agreement debtor"),
            debtor_account=a["debtor"].address,
            creditor=_doc("unrelated agreement creditor"),
            creditor_account=a["creditor2"].address,
            token=suite.address("SettlementToken"),
            amounts=(100 * YUAN,),
            due_dates=(now + 30 * DAY,),
            grace_period=DAY,
            consequence=Consequence.ENFORCEMENT,
            court_id=0,
            case_type=b"\0" * 32,
        )
    )
    unrelated = [_submit(suite, a["litigant"], 10 + i) for i in range(4)]

    # The story.
    fid = _submit(suite, a["litigant"], 40)
    litigant = DocketClient(suite, a["litigant"])
    chain.set_time(litigant.filing(fid).window_ends + 1)
    docketed = DocketClient(suite, a["outsider"]).docket(fid)
    assert docketed.docketed and docketed.case_number
    debtor = _doc("story debtor pseudonym")
    due = chain.timestamp() + 30 * DAY
    judgment = _doc("judgment")
    EvidenceClient(suite, a["clerk"]).anchor(judgment, DocumentKind.JUDGMENT, fid, AnchorRole.CLERK)
    ob = Obligation(debtor, a["debtor"].address, a["creditor"].address, CLAIM, due)
    DocketClient(suite, a["judge"]).record_judgment(fid, judgment, Outcome.UPHELD, [ob])
    keeper = ObligationClient(suite, a["keeper"])
    oid, _ = keeper.register_judgment(fid, 0)
    chain.set_time(max(keeper.default_state(oid).since, chain.timestamp() + 1))
    sent = keeper.trigger_default(oid)
    eid = int(sent.event("EnforcementOpened").args["caseId"])
    EvidenceClient(suite, a["clerk"]).serve(
        _doc("enforcement notice"), _doc("recipient"), chain.timestamp() + 8 * DAY, case_id=fid
    )

    def enf(name: str) -> EnforcementClient:
        return EnforcementClient(suite, a[name])

    asset, _ = enf("custodian").report_asset(eid, AssetKind.BANK_DEPOSIT, _doc("bank account"), SEIZED)
    order, _ = enf("officer").propose_order(eid, OrderKind.FREEZE, asset, SEIZED)
    enf("judge").approve_order(order)
    enf("custodian").execute_order(order, SEIZED)
    order, _ = enf("officer").propose_order(eid, OrderKind.DEDUCT, asset, SEIZED)
    enf("judge2").approve_order(order)
    mint(suite, a["keeper"], a["custodian"].address, SEIZED)
    enf("custodian").execute_order(order, SEIZED)
    enf("keeper").distribute_all(eid)
    enf("creditor").withdraw(eid, 0)
    listing = termination_listing(ban=True, dishonest_reason=int(Reason.REFUSES_DESPITE_ABILITY))
    order, _ = enf("officer").propose_order(eid, OrderKind.TERMINATE, 0, listing, _doc("termination ruling"))
    approved = enf("judge2").approve_order(order)
    entries = tuple(int(e.args["entryId"]) for e in approved.events if e.name == "DebtorListed")
    chain.mine()

    same = next((f for f in unrelated if f == eid), None)
    assert same is not None, f"no unrelated filing numbered like enforcement case {eid}: {unrelated}"
    assert len({fid, oid, eid}) == 3, (fid, oid, eid)
    assert entries, "the termination listed the debtor"
    sequence = int(str(docketed.case_number).rsplit("民初", 1)[1].rstrip("号"))
    assert sequence not in (fid, oid, eid), (sequence, fid, oid, eid)
    return Story(fid, sequence, str(docketed.case_number), oid, eid, entries, judgment, same, debtor)
