"""The access matrix: for every state-changing function of every suite contract, who may call it and which custom
error everyone else gets. `tests/security/test_access_matrix.py` checks it against the ABIs (a new function without
an entry fails) and against the chain (every account outside `allowed` is refused with exactly `error`).

Accounts are dev names (src/courtchain/accounts.py); each stands for its role. `PUBLIC` marks a function anyone may
call (a permissionless trigger or a party's own action checked by other means); it still needs an entry, so that
adding a function forces a decision. `GOVERNANCE` (only an executed hub proposal) and `SUITE_ONLY` (only the suite
contract registered under a key) allow no account at all.

Where the check depends on state ("the filer", "a clerk of THIS court", "the recipient", "not the judge who listed
it"), the args factory takes that state from the test's `Ctx` (tests/security/test_access_matrix.py), which builds it
lazily inside the test's snapshot; `errors` gives a different expected error for particular callers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from courtchain.roles import ROLES

# Every account that stands for a role, plus parties and an outsider.
CALLERS = (
    "court_governor",
    "judge",
    "judge2",
    "clerk",
    "mediator",
    "officer",
    "custodian",
    "credit_agency",
    "registrar",
    "auditor",
    "procurator",
    "creditor",
    "debtor",
    "outsider",
)
GOVERNORS = frozenset({"court_governor", "bank_governor", "credit_governor"})
PUBLIC: frozenset[str] = frozenset(CALLERS)
GOVERNANCE: frozenset[str] = frozenset()  # only an executed hub proposal (the hub itself) may call
SUITE_ONLY: frozenset[str] = frozenset()  # only another suite contract (by its key in the hub) may call
JUDGES = frozenset({"judge", "judge2"})
COURT_STAFF = frozenset({"judge", "judge2", "clerk"})  # CLERK or JUDGE of court member 1

ArgsFactory = Callable[[Any], list[Any]]


@dataclass(frozen=True)
class Entry:
    """Who may call a function, what everyone else gets, and arguments that reach the access check."""

    allowed: frozenset[str]
    error: str | None
    args: ArgsFactory = field(default=lambda ctx: [])
    note: str = ""
    errors: Mapping[str, str] = field(default_factory=dict)  # caller -> expected error, where it differs

    def expected(self, caller: str) -> str | None:
        return self.errors.get(caller, self.error)


def _zero32(ctx: Any) -> bytes:
    return b"\0" * 32


CONSORTIUM: dict[str, Entry] = {
    "propose": Entry(GOVERNORS, "ConsortiumNotGovernor", lambda ctx: [[(ctx.hub_address, b"")], b"\0" * 32]),
    "approve": Entry(GOVERNORS, "ConsortiumNotGovernor", lambda ctx: [1]),
    "execute": Entry(PUBLIC, None, note="anyone executes an approved proposal"),
    "cancel": Entry(
        frozenset({"court_governor"}),
        "ConsortiumNotGovernor",
        lambda ctx: [ctx.open_proposal],
        note="the proposer, while it still governs; another governor gets ConsortiumNotProposer",
    ),
    "admitMember": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [1, "X", b"\0" * 32]),
    "suspendMember": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [4]),
    "reinstateMember": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [4]),
    "removeMember": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [4]),
    "updateMemberMetadata": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [1, b"\1" * 32]),
    "addAccount": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [1, ctx.addr("outsider")]),
    "removeAccount": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [ctx.addr("judge")]),
    "grantRole": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [ROLES["JUDGE"], ctx.addr("clerk")]),
    "revokeRole": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [ROLES["JUDGE"], ctx.addr("judge")]),
    "setThreshold": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [1]),
    "setProposalLifetime": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [3600]),
    "setSuiteContract": Entry(GOVERNANCE, "ConsortiumOnlyGovernance", lambda ctx: [b"\1" * 32, ctx.hub_address]),
}

H1 = b"\x11" * 32
H2 = b"\x22" * 32
MISSING_ROLE = "AccessMissingRole"
ONLY_SUITE = "AccessOnlySuite"
ONLY_GOVERNANCE = "AccessOnlyGovernance"

CREDIT: dict[str, Entry] = {
    "proposeListing": Entry(JUDGES, MISSING_ROLE, lambda ctx: [H1, 2, ctx.enf_case, 1, 1, H2, 0]),
    "proposeRemoval": Entry(
        frozenset({"judge2"}),
        MISSING_ROLE,
        lambda ctx: [ctx.credit_entry, 0, H2],
        errors={"judge": "CreditJudgeRecused"},
        note="the judge who listed the entry takes no part in its removal",
    ),
    "approveProposal": Entry(
        frozenset({"judge2"}),
        MISSING_ROLE,
        lambda ctx: [ctx.credit_listing_proposal],
        errors={"judge": "CreditSelfApproval"},
        note="a second judge, never the proposer",
    ),
    "cancelProposal": Entry(
        frozenset({"judge"}), "CreditNotProposer", lambda ctx: [ctx.credit_listing_proposal], note="the proposer only"
    ),
    "object": Entry(PUBLIC, None, note="anyone files an objection for a subject; one pending objection per caller"),
    "dismissObjection": Entry(
        frozenset({"judge2"}),
        MISSING_ROLE,
        lambda ctx: [ctx.credit_objection, H2],
        errors={"judge": "CreditJudgeRecused"},
        note="the judge who listed the entry may not decide the objection against it",
    ),
    "setDefaultDuration": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [1, 86400 * 365]),
    "listFromEnforcement": Entry(
        SUITE_ONLY, ONLY_SUITE, lambda ctx: [H1, 1, 1, 1, H2, ctx.addr("judge")], note="EnforcementOffice"
    ),
    "delistFromEnforcement": Entry(SUITE_ONLY, ONLY_SUITE, lambda ctx: [H1, 1], note="EnforcementOffice"),
}

DOCKET: dict[str, Entry] = {
    "configureCourt": Entry(COURT_STAFF, "DocketNotCourtStaff", lambda ctx: [1, "京0491", "110491"]),
    "setCaseType": Entry(COURT_STAFF, "DocketNotCourtStaff", lambda ctx: [1, H1, [1], 3600]),
    "disableCaseType": Entry(COURT_STAFF, "DocketNotCourtStaff", lambda ctx: [1, H1]),
    "submitFiling": Entry(PUBLIC, None, note="anyone files a case"),
    "submitFilingAsAgent": Entry(PUBLIC, None, note="anyone files as an agent with a credential valid now"),
    "fileFromObligation": Entry(
        SUITE_ONLY, ONLY_SUITE, lambda ctx: [1, 1, H1, H1, H2, 1, H2, ctx.addr("creditor")], note="ObligationRegistry"
    ),
    "addMaterials": Entry(
        frozenset({"creditor", "clerk"}), "DocketNotFilerOrClerk", lambda ctx: [ctx.open_filing, [(H2, 9)]]
    ),
    "reclassify": Entry(frozenset({"clerk"}), "DocketNotClerk", lambda ctx: [ctx.open_filing, ctx.other_case_type]),
    "withdraw": Entry(frozenset({"creditor"}), "DocketNotFiler", lambda ctx: [ctx.open_filing]),
    "refuseFiling": Entry(
        frozenset({"clerk", "registrar"}),
        "DocketNotReviewer",
        lambda ctx: [ctx.open_filing, 1, H2],
        note="the court's review (不予受理): a CLERK or REGISTRAR of the filing's court, within the window",
    ),
    "docket": Entry(
        frozenset({"clerk"}),
        "DocketWindowOpen",
        lambda ctx: [ctx.open_filing],
        note="before the window closes only a clerk of the court dockets; after it anyone (a permissionless trigger)",
    ),
    "docketMany": Entry(PUBLIC, None, note="permissionless trigger; skips filings whose window is open"),
    "recordJudgment": Entry(JUDGES, "DocketNotJudge", lambda ctx: [ctx.docketed_case, H2, 1, []]),
    "transferCase": Entry(COURT_STAFF | {"registrar"}, "DocketNotHolder", lambda ctx: [ctx.docketed_case, 5, H2]),
    "acceptTransfer": Entry(
        frozenset({"procurator"}),
        "DocketNotReceivingMember",
        lambda ctx: [ctx.transferred_case],
        note="an account of the receiving organ holding CLERK or REGISTRAR (or, for a court, JUDGE)",
    ),
    "cancelTransfer": Entry(COURT_STAFF | {"registrar"}, "DocketNotHolder", lambda ctx: [ctx.transferred_case]),
    "transferCaseOut": Entry(SUITE_ONLY, ONLY_SUITE, lambda ctx: [1, ctx.addr("clerk"), H2], note="CrossChainCases"),
    "settleCaseOut": Entry(SUITE_ONLY, ONLY_SUITE, lambda ctx: [1, True], note="CrossChainCases"),
}

EVIDENCE: dict[str, Entry] = {
    "anchor": Entry(
        JUDGES, MISSING_ROLE, lambda ctx: [H1, 1, 0, 1], note="as AnchorRole.Judge; as a party (role None) anyone"
    ),
    "anchorBatch": Entry(
        JUDGES, MISSING_ROLE, lambda ctx: [H1, 2, 1, 0, 1], note="as AnchorRole.Judge; as a party anyone"
    ),
    "revoke": Entry(
        frozenset({"creditor"}), "EvidenceNotAnchored", lambda ctx: [ctx.party_anchor, H2], note="the anchorer only"
    ),
    "revokeBatchMember": Entry(
        frozenset({"creditor"}),
        "EvidenceUnknownBatch",
        lambda ctx: [*ctx.party_batch, H2],
        note="the anchorer of the batch only",
    ),
    "serve": Entry(COURT_STAFF, "EvidenceNotRelayer", lambda ctx: [H1, 1, H2, ctx.addr("debtor"), 1, 2**39]),
    "useNonce": Entry(PUBLIC, None, note="an account burns its own EIP-712 nonce"),
    "setMinDeemedPeriod": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [2 * 86400]),
    "acknowledge": Entry(frozenset({"debtor"}), "EvidenceNotRecipient", lambda ctx: [ctx.service, H2]),
    "acknowledgeBySig": Entry(
        COURT_STAFF, "EvidenceNotRelayer", lambda ctx: [ctx.service, H2, 2**40, b"\0" * 65], note="the court relays"
    ),
}

ENFORCEMENT: dict[str, Entry] = {
    "openCase": Entry(
        COURT_STAFF,
        "EnforcementNotOpener",
        lambda ctx: [H1, ctx.addr("debtor"), H2, ctx.addr("creditor"), 100, 0, ctx.addr("clerk")],
    ),
    "openFromObligation": Entry(
        SUITE_ONLY,
        ONLY_SUITE,
        lambda ctx: [1, H1, ctx.addr("debtor"), ctx.addr("creditor"), 100, True, H2],
        note="ObligationRegistry",
    ),
    "proposeAdmission": Entry(
        JUDGES, MISSING_ROLE, lambda ctx: [ctx.enf_case, ctx.addr("creditor"), 3, 0, 100, H2], note="adds no payee"
    ),
    "approveAdmission": Entry(
        frozenset({"judge2"}),
        MISSING_ROLE,
        lambda ctx: [ctx.enf_admission],
        note="a judge other than the proposer (`judge`)",
        errors={"judge": "EnforcementAdmissionSelfApproval"},
    ),
    "cancelAdmission": Entry(
        JUDGES, "EnforcementNotAdmissionParty", lambda ctx: [ctx.enf_admission], note="proposer or a judge"
    ),
    "reportAsset": Entry(frozenset({"custodian"}), MISSING_ROLE, lambda ctx: [ctx.enf_case, 1, H1, 500]),
    "proposeOrder": Entry(frozenset({"officer"}), MISSING_ROLE, lambda ctx: [ctx.enf_case, 1, ctx.enf_asset, 100, H2]),
    "approveOrder": Entry(
        JUDGES, MISSING_ROLE, lambda ctx: [ctx.enf_order], note="the proposing officer holds no JUDGE role either"
    ),
    "cancelOrder": Entry(
        frozenset({"officer"}) | JUDGES,
        "EnforcementNotOrderParty",
        lambda ctx: [ctx.enf_order],
        note="proposer or a judge",
    ),
    "executeOrder": Entry(
        frozenset({"custodian"}),
        MISSING_ROLE,
        lambda ctx: [ctx.enf_approved_order, 50],
        note="a custodian of the asset's bank",
    ),
    "deposit": Entry(PUBLIC, None, note="anyone (the debtor, typically) pays money into a case"),
    "distribute": Entry(PUBLIC, None, note="permissionless trigger: the rule decides, not the caller"),
    "withdraw": Entry(frozenset({"creditor"}), "EnforcementNotPayee", lambda ctx: [ctx.enf_case, 0]),
    "setAutoApprovalCap": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [1000]),
}

OBLIGATIONS: dict[str, Entry] = {
    "createAgreement": Entry(frozenset({"mediator"}), MISSING_ROLE, lambda ctx: [ctx.agreement_terms]),
    "sign": Entry(frozenset({"debtor", "creditor"}), "ObligationNotParty", lambda ctx: [ctx.pending_agreement]),
    "signWithSignature": Entry(
        frozenset({"mediator"}),
        MISSING_ROLE,
        lambda ctx: [ctx.pending_agreement, ctx.addr("debtor"), 2**40, b"\0" * 65],
    ),
    "confirmAgreement": Entry(JUDGES, MISSING_ROLE, lambda ctx: [ctx.active_agreement, H2]),
    "registerJudgment": Entry(PUBLIC, None, note="anyone registers a recorded judgment's obligation, once"),
    "pay": Entry(frozenset({"debtor"}), "ObligationNotParty", lambda ctx: [ctx.active_agreement, 1]),
    "acknowledgePayment": Entry(
        frozenset({"creditor"}), "ObligationNotParty", lambda ctx: [ctx.active_agreement, 1, H2]
    ),
    "withdraw": Entry(PUBLIC, None, note="each account withdraws only its own credit"),
    "triggerDefault": Entry(
        PUBLIC - {"debtor"},
        "ObligationDebtorMayNotTrigger",
        lambda ctx: [ctx.active_agreement],
        note="anyone but the debtor's account, once the time rule says default (M8: the debtor does not steer it)",
    ),
    "registerCrossChainTitle": Entry(
        SUITE_ONLY,
        ONLY_SUITE,
        lambda ctx: [1, H1, H1, H1, ctx.addr("debtor"), ctx.addr("creditor"), 1, 1],
        note="CrossChainLoans",
    ),
    "triggerDefaults": Entry(PUBLIC, None, note="permissionless batch trigger; skips the caller's own debts"),
    "retryConsequence": Entry(
        PUBLIC - {"debtor"},
        "ObligationDebtorMayNotTrigger",
        lambda ctx: [ctx.active_agreement],
        note="anyone but the debtor's account files a pending consequence again",
    ),
}

# No dev account of the matrix is a REGISTRAR of a licensing member (the dev plan has none; the Ctx admits a justice
# bureau with spare accounts): member accounts are refused as not the issuer / not the action's member, accounts of
# no member as not authorised.
_NON_MEMBERS = ("creditor", "debtor", "outsider")
CREDENTIALS: dict[str, Entry] = {
    "setAuthority": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [1, 3, True, True]),
    "issue": Entry(
        frozenset(),
        "CredentialNotAuthorised",
        lambda ctx: [ctx.addr("outsider"), 1, H1, "firm", b"\0" * 32, 2**40],
        note="a REGISTRAR of an active member whose kind may issue the kind",
    ),
    "renew": Entry(
        frozenset(),
        "CredentialNotAuthorised",
        lambda ctx: [ctx.credential, 2**40],
        note="a REGISTRAR of the issuing member",
    ),
    "proposeAction": Entry(
        frozenset(),
        "CredentialNotIssuer",
        lambda ctx: [ctx.credential, 3, 0, 0, 0, H1, "revoke"],
        errors={n: "CredentialNotAuthorised" for n in _NON_MEMBERS},
        note="a REGISTRAR of the issuing member (of a disciplining member for discipline)",
    ),
    "approveAction": Entry(
        frozenset(),
        "CredentialNotActionMember",
        lambda ctx: [ctx.credential_action],
        errors={n: "CredentialNotAuthorised" for n in _NON_MEMBERS},
        note="another REGISTRAR of the proposing member, never the proposer",
    ),
}

ADMINISTRATOR = frozenset({"registrar"})  # the account the court appointed administrator of the matrix's case
NOT_ADMINISTRATOR = "BankruptcyNotAdministrator"

BANKRUPTCY: dict[str, Entry] = {
    "proposeOpening": Entry(
        JUDGES, MISSING_ROLE, lambda ctx: [H1, ctx.addr("registrar"), ctx.now, ctx.now + 30 * 86400, 0, H2]
    ),
    "proposeAct": Entry(JUDGES, MISSING_ROLE, lambda ctx: [ctx.bk_case, 10, 0, 0, H2]),
    "approveAct": Entry(
        frozenset({"judge2"}),
        MISSING_ROLE,
        lambda ctx: [ctx.bk_act],
        errors={"judge": "BankruptcySelfApproval"},
        note="a second judge, never the proposer",
    ),
    "cancelAct": Entry(JUDGES, "BankruptcyNotActParty", lambda ctx: [ctx.bk_act], note="the proposer or any judge"),
    "fileClaim": Entry(PUBLIC, None, note="a creditor files its own claim (art. 48-49); the caller is the claimant"),
    "listClaim": Entry(ADMINISTRATOR, NOT_ADMINISTRATOR, lambda ctx: [ctx.bk_case, ctx.addr("creditor"), 3, 1, H1, H2]),
    "reviewClaim": Entry(ADMINISTRATOR, NOT_ADMINISTRATOR, lambda ctx: [ctx.bk_claim, True, 1, H2]),
    "waivePriority": Entry(frozenset({"creditor"}), "BankruptcyNotClaimant", lambda ctx: [ctx.bk_claim]),
    "object": Entry(
        frozenset({"creditor"}),
        "BankruptcyNotClaimant",
        lambda ctx: [ctx.bk_claim, ctx.bk_claim, H2],
        note="a creditor of the case, through a claim of its own",
    ),
    "answerObjection": Entry(ADMINISTRATOR, NOT_ADMINISTRATOR, lambda ctx: [ctx.bk_objection, H2]),
    "deposit": Entry(ADMINISTRATOR, NOT_ADMINISTRATOR, lambda ctx: [ctx.bk_case, 1]),
    "proposePayout": Entry(ADMINISTRATOR, NOT_ADMINISTRATOR, lambda ctx: [ctx.bk_case, 1, 0, 1]),
    "approvePayout": Entry(
        JUDGES, MISSING_ROLE, lambda ctx: [ctx.bk_payout], note="a judge; the proposer is the administrator"
    ),
    "distribute": Entry(PUBLIC, None, note="anyone pages an approved round; the rule decides every share"),
    "withdraw": Entry(frozenset({"creditor"}), "BankruptcyNotClaimant", lambda ctx: [ctx.bk_claim]),
    "lapse": Entry(
        PUBLIC,
        None,
        note="permissionless after the statutory deadline (art. 118, 119): the money goes pro rata to the other "
        "creditors in a round of its own, no payee chosen by the caller",
    ),
}

MEETINGS: dict[str, Entry] = {
    "registerCase": Entry(SUITE_ONLY, ONLY_SUITE, lambda ctx: [1, ctx.addr("registrar"), 1], note="BankruptcyEstate"),
    "setVoice": Entry(SUITE_ONLY, ONLY_SUITE, lambda ctx: [1, 1, ctx.addr("creditor"), 4, 1], note="BankruptcyEstate"),
    "rule": Entry(SUITE_ONLY, ONLY_SUITE, lambda ctx: [1, 1, 1, 0, 1], note="BankruptcyEstate"),
    "convene": Entry(
        ADMINISTRATOR | JUDGES,
        "BankruptcyNotConvener",
        lambda ctx: [ctx.bk_case, [(1, False, 0, 0)], ctx.now + 16 * 86400, ctx.now + 17 * 86400, H2],
    ),
    "registerShareholder": Entry(
        ADMINISTRATOR, "BankruptcyNotConvener", lambda ctx: [ctx.bk_case, H1, ctx.addr("creditor"), 1]
    ),
    "approveShareholder": Entry(
        JUDGES,
        "AccessMissingRole",
        lambda ctx: [ctx.bk_shareholder],
        note="a judge other than the registrant (the administrator `registrar`); the administrator is refused too",
    ),
    "cancelShareholder": Entry(
        ADMINISTRATOR | JUDGES, "BankruptcyNotConvener", lambda ctx: [ctx.bk_shareholder], note="a pending one"
    ),
    "vote": Entry(frozenset({"creditor"}), "BankruptcyNotVoter", lambda ctx: [ctx.bk_meeting, ctx.bk_claim, 1]),
    "relayBallots": Entry(ADMINISTRATOR, "BankruptcyNotConvener", lambda ctx: [ctx.bk_meeting, []]),
    "closeMeeting": Entry(PUBLIC, None, note="anyone, once voting closed: the count is fixed by the ballots"),
}

MEETING_REQUESTS: dict[str, Entry] = {
    "support": Entry(
        frozenset({"creditor"}),
        "RequestNotCreditor",
        lambda ctx: [ctx.bk_case, ctx.bk_claim],
        note="the claim's voting account in CreditorsMeeting, with a voting amount in the case",
    ),
    "relaySupport": Entry(PUBLIC, None, note="anyone relays: each item is the claim's account's EIP-712 signature"),
    "recount": Entry(PUBLIC, None, note="anyone recounts joined claims to their current voting amounts"),
    "committeeSupport": Entry(
        frozenset({"creditor", "debtor"}),
        "CommitteeNotMember",
        lambda ctx: [ctx.bk_committee],
        note="a member of the committee in office (the matrix's: creditor and debtor as the employee representative)",
    ),
    "answer": Entry(ADMINISTRATOR | JUDGES, "RequestNotAnswerer", lambda ctx: [ctx.bk_request, ctx.bk_meeting]),
    "proposeCommittee": Entry(
        JUDGES, MISSING_ROLE, lambda ctx: [ctx.bk_case, 1, [ctx.addr("creditor")], ctx.addr("debtor"), H2]
    ),
    "approveCommittee": Entry(
        frozenset({"judge2"}),
        MISSING_ROLE,
        lambda ctx: [ctx.bk_appointment],
        errors={"judge": "CommitteeSelfApproval"},
        note="a second judge, never the proposer (the court's written decision, art. 67)",
    ),
    "cancelCommittee": Entry(JUDGES, MISSING_ROLE, lambda ctx: [ctx.bk_appointment]),
    "reportAct": Entry(ADMINISTRATOR, "RequestNotAdministrator", lambda ctx: [ctx.bk_case, 1, H2]),
}

# Cross-chain contracts (deployed beside the suite on each chain of a pair; checked by tests/crosschain/test_access.py
# on two live chains, since the suite's single-chain fixture has no peer chain).
_PEER = 31338
CROSSCHAIN_MATRIX: dict[str, dict[str, Entry]] = {
    "CrossChainOutbox": {
        "send": Entry(
            PUBLIC, None, note="anyone sends; the sequence is the sender's own, the receiver registers sources"
        ),
        "confirmTimeout": Entry(PUBLIC, None, note="proved by the verifier of the destination chain's receipts"),
        "setDestinationVerifier": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [_PEER, ctx.addr("outsider")]),
    },
    "CrossChainInbox": {
        "deliver": Entry(PUBLIC, None, note="any relayer; proved by the source's verifier, exactly once, in order"),
        "timeOut": Entry(PUBLIC, None, note="any relayer; the same proof that the message was sent"),
        "registerSource": Entry(
            GOVERNANCE,
            ONLY_GOVERNANCE,
            lambda ctx: [_PEER, ctx.addr("outsider"), ctx.addr("outsider"), ctx.addr("judge")],
        ),
        "removeSource": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [_PEER, ctx.peer_cases]),
    },
    "CrossChainAttestors": {
        "addAttestor": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [_PEER, ctx.addr("outsider")]),
        "removeAttestor": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [_PEER, ctx.attestor]),
        "setThreshold": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [_PEER, 1]),
    },
    "CrossChainCases": {
        "sendCase": Entry(
            COURT_STAFF | {"registrar"}, "DocketNotHolder", lambda ctx: [ctx.docketed_case, _PEER, 5, H2, 2**40]
        ),
        "acceptCase": Entry(
            frozenset({"procurator"}), "CrossChainCasesNotReceivingOrgan", lambda ctx: [ctx.incoming_case]
        ),
        "returnCase": Entry(
            frozenset({"procurator"}), "CrossChainCasesNotReceivingOrgan", lambda ctx: [ctx.incoming_case, H2]
        ),
        "resendReply": Entry(PUBLIC, None, note="anyone re-sends a reply whose message timed out"),
        "onCrossChainMessage": Entry(
            SUITE_ONLY, "CrossChainCasesOnlyInbox", lambda ctx: [ctx.any_envelope, b""], note="CrossChainInbox"
        ),
        "onCrossChainTimeout": Entry(
            SUITE_ONLY, "CrossChainCasesOnlyOutbox", lambda ctx: [ctx.any_envelope], note="CrossChainOutbox"
        ),
        "setPeer": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [_PEER, ctx.addr("outsider")]),
    },
    "CrossChainLoans": {
        "reportLoan": Entry(
            frozenset({"custodian"}),
            MISSING_ROLE,
            lambda ctx: [_PEER, (H1, H2, H1, ctx.addr("debtor"), ctx.addr("creditor"), 100, 2**40), 2**40],
            note="a bank's operator",
        ),
        "onCrossChainMessage": Entry(
            SUITE_ONLY, "CrossChainLoansOnlyInbox", lambda ctx: [ctx.any_envelope, b""], note="CrossChainInbox"
        ),
        "onCrossChainTimeout": Entry(
            SUITE_ONLY, "CrossChainLoansOnlyOutbox", lambda ctx: [ctx.any_envelope], note="CrossChainOutbox"
        ),
        "setPeer": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [_PEER, ctx.addr("outsider")]),
    },
    "CrossChainEvidence": {
        "exportAnchor": Entry(PUBLIC, None, note="each account exports only its own active anchor, once per chain"),
        "onCrossChainMessage": Entry(
            SUITE_ONLY, "CrossChainEvidenceOnlyInbox", lambda ctx: [ctx.any_envelope, b""], note="CrossChainInbox"
        ),
        "onCrossChainTimeout": Entry(
            SUITE_ONLY, "CrossChainEvidenceOnlyOutbox", lambda ctx: [ctx.any_envelope], note="CrossChainOutbox"
        ),
        "setPeer": Entry(GOVERNANCE, ONLY_GOVERNANCE, lambda ctx: [_PEER, ctx.addr("outsider")]),
    },
}

# contract name -> function name -> entry. Each suite contract adds its table here.
MATRIX: dict[str, dict[str, Entry]] = {
    "CourtConsortium": CONSORTIUM,
    "CreditRegistry": CREDIT,
    "CaseDocket": DOCKET,
    "EvidenceRegistry": EVIDENCE,
    "EnforcementOffice": ENFORCEMENT,
    "ObligationRegistry": OBLIGATIONS,
    "CredentialRegistry": CREDENTIALS,
    "BankruptcyEstate": BANKRUPTCY,
    "CreditorsMeeting": MEETINGS,
    "MeetingRequests": MEETING_REQUESTS,
}
