"""One case of a debtor through docket, obligations, enforcement, service and credit, as the members would record it
with per-case pseudonyms (or, to show the linkage check failing, with one stable commitment). Shared by
tests/security/test_linkage.py and tests/security/test_demo_privacy.py."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from eth_account import Account
from eth_account.signers.local import LocalAccount

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
)
from courtchain.clients.enforcement import EnforcementClient, OrderKind, termination_listing
from courtchain.clients.evidence import EvidenceClient
from courtchain.clients.obligations import ObligationClient
from courtchain.commitments import commitment
from courtchain.demo import Subject
from courtchain.privacy import CaseContext
from courtchain.suite import Suite

DAY = 86400
AMOUNT = 50_000 * 10**18
KINDS = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)


@dataclass(frozen=True)
class CaseRun:
    matter: str
    blocks: range
    filing_id: int
    enforcement_id: int
    credit_key: bytes
    pseudonyms: tuple[bytes, ...]


def per_case_account(person: Subject, matter: str) -> str:
    """The account the person uses in this case only (a wallet derives one per case from its seed)."""
    seed = hashlib.sha256(person.salt + b"account" + matter.encode()).digest()
    acct: LocalAccount = Account.from_key(seed)
    return str(acct.address)


def run_case(
    suite: Suite,
    accts: dict[str, LocalAccount],
    debtor: Subject,
    creditor: Subject,
    matter: str,
    platform_key: bytes,
    *,
    stable: bool = False,
) -> CaseRun:
    """A creditor sues the debtor; the judgment's obligation defaults; enforcement opens, the notice is served, the
    case is terminated and the debtor listed under his credit key. `stable`: the old way (one salted commitment per
    person for every role and case, and one account), which the linkage check must catch."""
    chain = suite.chain
    ctx = CaseContext(chain.chain_id, matter)

    def name(p: Subject, role: str) -> bytes:
        return commitment(p.salt, p.id_type, p.id_number) if stable else p.pseudonym(ctx, role)

    def doc(label: str) -> bytes:
        return hashlib.sha256(f"{matter} {label}".encode()).digest()

    debtor_account = per_case_account(debtor, "stable" if stable else matter)
    creditor_account = per_case_account(creditor, "stable" if stable else matter)
    start = chain.block_number() + 1
    litigant = DocketClient(suite, accts["litigant"])
    parties = [
        Party(name(creditor, "plaintiff"), PartyRole.PLAINTIFF),
        Party(name(debtor, "defendant"), PartyRole.DEFENDANT),
    ]
    fid, _ = litigant.submit(DEV_COURT_ID, "民初", parties, AMOUNT, [MaterialInput(doc(f"m{k}"), k) for k in KINDS])
    chain.set_time(litigant.filing(fid).window_ends + 1)
    assert DocketClient(suite, accts["outsider"]).docket(fid).docketed
    due = chain.timestamp() + 30 * DAY
    ob = Obligation(name(debtor, "debtor"), debtor_account, creditor_account, AMOUNT, due)
    DocketClient(suite, accts["judge"]).record_judgment(fid, doc("judgment"), Outcome.UPHELD, [ob])
    keeper = ObligationClient(suite, accts["keeper"])
    oid, _ = keeper.register_judgment(fid, 0)
    chain.set_time(max(keeper.default_state(oid).since, chain.timestamp() + 1))
    sent = keeper.trigger_default(oid)
    case_id = int(sent.event("EnforcementOpened").args["caseId"])
    EvidenceClient(suite, accts["clerk"]).serve(
        doc("enforcement notice"),
        name(debtor, "recipient"),
        chain.timestamp() + 8 * DAY,
        case_id=fid,
        recipient_account=debtor_account,
    )
    officer = EnforcementClient(suite, accts["officer"])
    key = debtor.credit_key(platform_key)
    listing = termination_listing(ban=True, dishonest_reason=int(Reason.REFUSES_DESPITE_ABILITY))
    order, _ = officer.propose_order(case_id, OrderKind.TERMINATE, 0, listing, doc("termination"), credit_key=key)
    EnforcementClient(suite, accts["judge2"]).approve_order(order)
    used = tuple(name(p, r) for p, r in ((creditor, "plaintiff"), (debtor, "defendant"), (debtor, "debtor")))
    return CaseRun(
        matter, range(start, chain.block_number() + 1), fid, case_id, key, (*used, name(debtor, "recipient"))
    )
