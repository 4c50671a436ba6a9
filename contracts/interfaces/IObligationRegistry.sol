// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title IObligationRegistry
/// @notice Enforceable obligations: mediation agreements (signed by both parties, optionally judicially confirmed)
/// and the obligations imposed by judgments recorded in the docket. The debtor pays instalments through the contract
/// in the settlement token (credited to the creditor, who withdraws), or the creditor acknowledges a payment made off
/// chain. Default is derived from time in a view; once an instalment is unpaid after its due date plus the grace
/// period, anyone may trigger the default, which in the same transaction files the trial case in the docket or opens
/// the enforcement case in the enforcement office.
/// @dev Time rule: an instalment due at `d` with grace `g` may be paid up to and including second `d + g`; from
/// second `d + g + 1` on the obligation is in default (`defaultState` returns that second as `since`).
/// Default rules (audit issue 16, M5/M8/L1):
/// - The moment of default is fixed by rule (`since` = due date + grace + 1), never by the caller. Anyone but the
///   debtor's account may trigger it; the claim is fixed by rule too (see `triggerDefault`).
/// - Without an acceleration clause a default claims only the instalments whose grace has ended; the later ones stay
///   owed here (the obligation stays `Active`) and each can be put into default again when its own grace ends.
/// - Under an acceleration clause, once an instalment's grace has ended unpaid the default has occurred for good: a
///   later payment (or acknowledgement) reduces what is owed but does not undo the default or the acceleration.
/// - A consequence the docket or the office refuses does not undo the default: the claim waits as `pendingClaim`
///   (`ConsequencePending` carries the refusal) and anyone but the debtor may `retryConsequence` later.
/// Parties are salted identity commitments plus the address they act from; documents are content hashes.
interface IObligationRegistry {
    // ------------------------------------------------------------------ types

    /// @notice Where an obligation comes from. `None` means "no such obligation".
    enum ObligationKind {
        None,
        MediationAgreement,
        Judgment,
        NotarisedLoan
    }

    /// @notice `Pending` waits for the parties' signatures; `Active` is binding and something is still owed here;
    /// `Performed` (the last part owed here was paid) and `Defaulted` (the last part owed here was claimed by a
    /// default) are final. Whether an active obligation is in default is a view (`defaultState`), not a status; an
    /// obligation without acceleration stays `Active` after a default while later instalments remain.
    enum ObligationStatus {
        None,
        Pending,
        Active,
        Performed,
        Defaulted
    }

    /// @notice What default leads to: a trial case filed in the docket, or an enforcement case opened in the office
    /// (for a mediation agreement only once a judge has judicially confirmed it; judgments are enforceable as such).
    enum Consequence {
        None,
        Trial,
        Enforcement
    }

    /// @notice Why the batch trigger skipped an obligation.
    enum SkipReason {
        None,
        NotActive,
        NotYetInDefault,
        NotConfirmed,
        DebtorCaller
    }

    /// @notice Which rule a set of agreement terms broke (`index` in the error says which instalment, if any).
    enum TermsProblem {
        None,
        EmptySchedule,
        TooManyInstalments,
        ScheduleLengthMismatch,
        ZeroInstalment,
        DueDatesNotIncreasing,
        FirstDueDateInPast,
        GraceTooLong,
        ZeroDocumentHash,
        ZeroPartyCommitment,
        ZeroPartyAccount,
        SameParty,
        ZeroToken,
        NoConsequence,
        NotACourt,
        ZeroCaseType,
        UnknownCaseType,
        TotalTooLarge
    }

    /// @notice The terms of a mediation agreement, as the mediator records them and the parties sign them.
    struct AgreementTerms {
        bytes32 documentHash;
        bytes32 debtor;
        address debtorAccount;
        bytes32 creditor;
        address creditorAccount;
        address token;
        uint256[] amounts;
        uint64[] dueDates;
        uint64 gracePeriod;
        bool acceleration;
        Consequence consequence;
        uint32 courtId;
        bytes32 caseType;
    }

    /// @notice One obligation. `paid` counts payments through the contract and acknowledged ones; `claimAmount` is
    /// the total handed to consequences by every default so far (what is owed here is `total - paid - claimAmount`);
    /// `consequenceId` is the docket filing id or the enforcement case id of the latest consequence opened;
    /// `pendingClaim` is the part of `claimAmount` whose consequence the docket or office has refused so far
    /// (0 when none is pending).
    struct Obligation {
        ObligationKind kind;
        ObligationStatus status;
        Consequence consequence;
        bool acceleration;
        bool judiciallyConfirmed;
        bool debtorSigned;
        bool creditorSigned;
        uint32 courtId;
        bytes32 caseType;
        bytes32 documentHash;
        bytes32 termsHash;
        bytes32 debtor;
        address debtorAccount;
        bytes32 creditor;
        address creditorAccount;
        address recordedBy;
        address token;
        uint64 gracePeriod;
        uint64 createdAt;
        uint64 closedAt;
        uint256 total;
        uint256 paid;
        uint256 acknowledged;
        uint256 sourceCaseId;
        uint256 sourceIndex;
        uint256 claimAmount;
        uint256 consequenceId;
        uint256 pendingClaim;
    }

    /// @notice The default view. When `inDefault`, `instalment` is the instalment whose grace ended unpaid (under an
    /// acceleration clause: the first one, even if paid late since) and `since` the first second of default;
    /// otherwise `instalment` is the next unpaid one and `since` the second from which default will be possible (0
    /// when the obligation is not active). `outstanding` is what is still owed here (`total - paid - claimAmount`);
    /// `overdue` the part of it that has fallen due; `claimable` what a default now would claim: everything
    /// outstanding under an acceleration clause, else the instalments whose grace has ended.
    struct DefaultState {
        bool inDefault;
        uint256 instalment;
        uint64 since;
        uint256 overdue;
        uint256 outstanding;
        uint256 claimable;
    }

    // ------------------------------------------------------------------ events

    /// @notice A mediator recorded a mediation agreement; it waits for both parties' signatures.
    event AgreementRecorded(
        uint256 indexed obligationId,
        address indexed mediator,
        bytes32 indexed documentHash,
        address debtorAccount,
        address creditorAccount,
        address token,
        uint256 total,
        uint256 instalments,
        Consequence consequence,
        bytes32 termsHash
    );
    /// @notice A party signed, on chain (`bySignature` false) or by an EIP-712 signature submitted by a mediator.
    event AgreementSigned(uint256 indexed obligationId, address indexed signer, bool bySignature, uint256 nonce);
    /// @notice Both parties have signed: the agreement binds.
    event AgreementBinding(uint256 indexed obligationId);
    /// @notice A judge judicially confirmed the agreement: its consequence of default is now enforcement.
    event AgreementConfirmed(uint256 indexed obligationId, address indexed judge, uint32 courtId, bytes32 rulingHash);
    /// @notice The obligation imposed by a judgment was registered (by anyone).
    event JudgmentRegistered(
        uint256 indexed obligationId,
        uint256 indexed caseId,
        uint256 index,
        address indexed creditorAccount,
        address debtorAccount,
        uint256 amount,
        uint64 dueDate
    );
    /// @notice A notarised loan with enforcement effect, reported from another chain (CrossChainLoans).
    event CrossChainTitleRegistered(
        uint256 indexed obligationId,
        uint64 indexed sourceChainId,
        bytes32 indexed titleKey,
        address creditorAccount,
        address debtorAccount,
        uint256 amount,
        uint64 dueDate
    );
    /// @notice The debtor paid through the contract; the amount is credited to the creditor for withdrawal.
    event PaymentMade(
        uint256 indexed obligationId, address indexed payer, address indexed creditor, uint256 amount, uint256 paidTotal
    );
    /// @notice The creditor acknowledged a payment made off chain.
    event PaymentAcknowledged(
        uint256 indexed obligationId, address indexed creditor, uint256 amount, bytes32 evidenceHash, uint256 paidTotal
    );
    /// @notice Fully paid.
    event ObligationPerformed(uint256 indexed obligationId, uint256 total);
    /// @notice Put into default by `triggeredBy`, claiming `claimAmount`, because of instalment `instalment`.
    /// `outstanding` is what stays owed here afterwards: 0 means the obligation is now `Defaulted` (final); otherwise
    /// it stays `Active` for its later instalments (no acceleration), which may default in turn.
    event ObligationDefaulted(
        uint256 indexed obligationId,
        address indexed triggeredBy,
        uint256 instalment,
        uint64 since,
        uint256 claimAmount,
        Consequence consequence,
        uint256 outstanding
    );
    /// @notice Default filed a trial case in the docket for `amount`, with the creditor's account as filer.
    event TrialFiled(
        uint256 indexed obligationId, uint256 indexed filingId, uint32 courtId, bytes32 caseType, uint256 amount
    );
    /// @notice Default opened an enforcement case in the office.
    event EnforcementOpened(uint256 indexed obligationId, uint256 indexed caseId, uint256 amount);
    /// @notice The docket (Trial) or office (Enforcement) refused the consequence of a default, or is not registered:
    /// the default stands, `claimAmount` (the whole pending claim of the obligation) waits in `pendingClaim` for
    /// `retryConsequence`. `selector` is the first four bytes of `reason`, the callee's raw revert data (a custom
    /// error of the docket or office, or `ObligationSuiteMissing(key)`).
    event ConsequencePending(
        uint256 indexed obligationId,
        Consequence consequence,
        uint256 claimAmount,
        bytes4 indexed selector,
        bytes reason
    );
    /// @notice Under an acceleration clause a payment or acknowledgement came after instalment `instalment`'s grace
    /// had ended: the default (from `since`) is fixed and stays triggerable whatever is paid later, short of all.
    event DefaultOccurred(uint256 indexed obligationId, uint256 instalment, uint64 since);
    /// @notice The batch trigger skipped an obligation (`possibleAt`: when default will be possible, if known).
    event DefaultSkipped(uint256 indexed obligationId, SkipReason reason, uint64 possibleAt);
    /// @notice A creditor withdrew credited payments.
    event Withdrawn(address indexed account, address indexed token, uint256 amount);

    // ------------------------------------------------------------------ errors

    error ObligationNotFound(uint256 obligationId);
    error ObligationUnexpectedStatus(uint256 obligationId, ObligationStatus current, ObligationStatus expected);
    error ObligationInvalidTerms(TermsProblem problem, uint256 index);
    error ObligationNotParty(uint256 obligationId, address account);
    error ObligationNotAgreement(uint256 obligationId);
    error ObligationAlreadySigned(uint256 obligationId, address signer);
    error ObligationSignatureExpired(uint256 obligationId, address signer, uint256 deadline);
    error ObligationInvalidSignature(uint256 obligationId, address signer);
    error ObligationAlreadyConfirmed(uint256 obligationId);
    error ObligationNotConfirmed(uint256 obligationId);
    error ObligationTokenMismatch(address token, address expected);
    error ObligationNotYetInDefault(uint256 obligationId, uint256 instalment, uint64 possibleAt);
    error ObligationZeroAmount(uint256 obligationId);
    error ObligationOverpayment(uint256 obligationId, uint256 amount, uint256 outstanding);
    error ObligationSuiteMissing(bytes32 key);
    error ObligationJudgmentAlreadyRegistered(uint256 caseId, uint256 index, uint256 obligationId);
    error ObligationNoSuchJudgment(uint256 caseId, uint256 index, uint256 count);
    error ObligationInvalidJudgment(uint256 caseId, uint256 index);
    error ObligationTitleAlreadyRegistered(uint64 sourceChainId, bytes32 titleKey, uint256 obligationId);
    error ObligationInvalidTitle(uint64 sourceChainId, bytes32 titleKey);
    error ObligationBatchTooLarge(uint256 size, uint256 max);
    error ObligationNothingToWithdraw(address account, address token);
    error ObligationDebtorMayNotTrigger(uint256 obligationId, address account);
    error ObligationNoPendingConsequence(uint256 obligationId);
    /// @notice The consequence call failed with (almost) all the gas it was given: the transaction's gas limit was
    /// too low to tell a refusal from an out-of-gas failure, so nothing is recorded. Retry with more gas.
    error ObligationConsequenceOutOfGas(uint256 obligationId, uint256 gasGiven);
    /// @notice `pay` moved `amount` but the registry's balance of `token` changed by `received` (fee-on-transfer or
    /// rebasing tokens are refused).
    error ObligationTransferMismatch(address token, uint256 amount, uint256 received);

    // ------------------------------------------------------------------ agreements

    /// @notice Record a mediation agreement; it binds once both parties have signed.
    /// @param terms the agreement's terms (see `AgreementTerms`)
    /// @return obligationId the new obligation
    /// Emits `AgreementRecorded`.
    /// Requirements: caller holds MEDIATOR; 1..MAX_INSTALMENTS positive instalments with strictly increasing due dates,
    /// the first in the future; grace at most MAX_GRACE; nonzero document hash, commitments, distinct accounts and
    /// token; a total below 2^128 (else `TotalTooLarge` at the first instalment that passes it, never an overflow
    /// Panic); a consequence; for Trial an active Court member id and a case type the docket (registered in the hub)
    /// accepts for that court now (`UnknownCaseType` otherwise).
    function createAgreement(AgreementTerms calldata terms) external returns (uint256 obligationId);

    /// @notice Sign agreement `obligationId` as its debtor or creditor, on chain.
    /// Emits `AgreementSigned`, and `AgreementBinding` when this is the second signature.
    /// Requirements: the agreement is Pending; caller is its debtor or creditor account and has not signed yet.
    function sign(uint256 obligationId) external;

    /// @notice Submit a party's EIP-712 signature of `Sign(obligationId, termsHash, signer, nonce, deadline)`.
    /// @param obligationId the agreement signed
    /// @param signer the party (debtor or creditor account; EOA, or contract wallet through ERC-1271)
    /// @param deadline last second the signature may be submitted
    /// @param signature the signature, over the signer's current nonce
    /// Emits `AgreementSigned`, and `AgreementBinding` when this is the second signature.
    /// Requirements: caller holds MEDIATOR; Pending; `signer` a party that has not signed; `block.timestamp <=
    /// deadline`; the signature is valid for this chain id, this contract and the signer's current nonce (which it
    /// consumes).
    function signWithSignature(uint256 obligationId, address signer, uint256 deadline, bytes calldata signature)
        external;

    /// @notice A judge judicially confirms a binding mediation agreement; default will then open enforcement.
    /// @param rulingHash hash of the confirmation ruling
    /// Emits `AgreementConfirmed`.
    /// Requirements: caller holds JUDGE; a mediation agreement, Active, not yet confirmed; its token is the
    /// enforcement office's settlement token (the office is registered in the hub).
    function confirmAgreement(uint256 obligationId, bytes32 rulingHash) external;

    // ------------------------------------------------------------------ judgments

    /// @notice Register obligation `index` of the judgment of docket case `caseId` (anyone may, once).
    /// @return obligationId the new, active obligation (consequence Enforcement, in the office's settlement token)
    /// Emits `JudgmentRegistered`.
    /// Requirements: docket and enforcement office registered; `index` below the judgment's obligation count; not
    /// registered before; an amount in 1..2^128-1; a nonzero creditor other than the debtor.
    function registerJudgment(uint256 caseId, uint256 index) external returns (uint256 obligationId);

    /// @notice Register a notarised loan with enforcement effect reported by a bank's chain (called by CrossChainLoans
    /// only, for a message its inbox accepted): an active obligation, consequence Enforcement, in the office's
    /// settlement token, whose default follows this registry's own rules (`isInDefault`, `triggerDefault`).
    /// @param sourceChainId the bank's chain
    /// @param titleKey the loan's key there (one registration per chain and key)
    /// @param documentHash hash of the notarised instrument (the enforceable title)
    /// @return obligationId the new, active obligation
    /// Emits `CrossChainTitleRegistered`.
    /// Requirements: caller is the suite contract under key CrossChainLoans; enforcement office registered; not
    /// registered before; an amount in 1..2^128-1; a nonzero creditor other than the debtor; a nonzero document hash.
    function registerCrossChainTitle(
        uint64 sourceChainId,
        bytes32 titleKey,
        bytes32 documentHash,
        bytes32 debtor,
        address debtorAccount,
        address creditorAccount,
        uint256 amount,
        uint64 dueDate
    ) external returns (uint256 obligationId);

    // ------------------------------------------------------------------ performance

    /// @notice Pay `amount` of the settlement token towards the obligation; credited to the creditor. A payment
    /// after a default's second does not undo it under an acceleration clause (see `DefaultOccurred`).
    /// Emits `DefaultOccurred` (acceleration, first payment after a grace ended unpaid), `PaymentMade`, and
    /// `ObligationPerformed` when nothing remains owed here.
    /// Requirements: caller is the debtor account; Active; 0 < amount <= outstanding (`total - paid - claimAmount`);
    /// allowance given; the registry's token balance grows by exactly `amount` (`ObligationTransferMismatch`
    /// otherwise: fee-on-transfer tokens are refused).
    function pay(uint256 obligationId, uint256 amount) external;

    /// @notice The creditor acknowledges `amount` paid off chain. Like a payment, an acknowledgement recorded after a
    /// default's second does not undo it under an acceleration clause.
    /// @param evidenceHash hash of the receipt or bank record
    /// Emits `DefaultOccurred` (as for `pay`), `PaymentAcknowledged`, and `ObligationPerformed` when nothing remains
    /// owed here.
    /// Requirements: caller is the creditor account; Active; 0 < amount <= outstanding.
    function acknowledgePayment(uint256 obligationId, uint256 amount, bytes32 evidenceHash) external;

    /// @notice Withdraw every payment credited to the caller in `token`.
    /// Emits `Withdrawn`. Requirements: something to withdraw.
    function withdraw(address token) external returns (uint256 amount);

    // ------------------------------------------------------------------ default

    /// @notice Put an overdue obligation into default and, in the same transaction, file the trial case (the
    /// creditor's account is the filer and may add materials) or open the enforcement case for the claim: everything
    /// outstanding under an acceleration clause, else the unpaid instalments whose grace has ended. Without
    /// acceleration the obligation stays Active for the later instalments, which can be put into default in turn.
    /// If the docket or office refuses the consequence (or is not registered) the default still stands: the claim is
    /// added to `pendingClaim`, `ConsequencePending` says why, and `retryConsequence` may file it later.
    /// @return consequenceId the docket filing id or the enforcement case id (0 when the consequence is pending)
    /// Emits `ObligationDefaulted`, then `TrialFiled` or `EnforcementOpened` or `ConsequencePending`.
    /// Requirements: caller is not the debtor account (`ObligationDebtorMayNotTrigger`); Active; in default (else
    /// `ObligationNotYetInDefault` says from when); for consequence Enforcement, judicially confirmed (or a
    /// judgment); enough gas that a failed consequence call cannot have been out of gas (after a failure the
    /// registry must hold at least 1/63 of the gas it had before the call, else `ObligationConsequenceOutOfGas`).
    function triggerDefault(uint256 obligationId) external returns (uint256 consequenceId);

    /// @notice Trigger default for each of `obligationIds` that is in default; skip the others with `DefaultSkipped`
    /// (reasons NotActive, DebtorCaller, NotYetInDefault, NotConfirmed). A refused consequence does not revert the
    /// batch: that id emits `ConsequencePending` and the others go on.
    /// @return triggered how many were put into default (with their consequence opened or pending)
    /// Requirements: at most MAX_BATCH ids; the out-of-gas rule of `triggerDefault` for every consequence call (the
    /// whole batch reverts with `ObligationConsequenceOutOfGas`, never records a pending consequence for lack of gas).
    function triggerDefaults(uint256[] calldata obligationIds) external returns (uint256 triggered);

    /// @notice File the pending consequence of an obligation again, for its whole `pendingClaim` (e.g. after the
    /// court re-enabled the case type or the office was registered).
    /// @return consequenceId the docket filing id or the enforcement case id
    /// Emits `TrialFiled` or `EnforcementOpened` (and the docket's or office's own events).
    /// Requirements: caller is not the debtor account; `pendingClaim > 0` (`ObligationNoPendingConsequence`); the
    /// docket or office accepts it now (else its revert data is re-raised unchanged, or `ObligationSuiteMissing`).
    function retryConsequence(uint256 obligationId) external returns (uint256 consequenceId);

    // ------------------------------------------------------------------ views

    /// @notice Number of obligations (ids run from 1 to this).
    function obligationCount() external view returns (uint256);

    /// @notice An obligation's record. Requirements: it exists.
    function getObligation(uint256 obligationId) external view returns (Obligation memory);

    /// @notice An obligation's instalment schedule. Requirements: it exists.
    function getInstalments(uint256 obligationId)
        external
        view
        returns (uint256[] memory amounts, uint64[] memory dueDates);

    /// @notice Whether, since when and because of which instalment the obligation is in default. Requirements: exists.
    function defaultState(uint256 obligationId) external view returns (DefaultState memory);

    /// @notice Shorthand for `defaultState(id).inDefault` (false for unknown ids).
    function isInDefault(uint256 obligationId) external view returns (bool);

    /// @notice The hash of agreement terms that parties sign (the contract computes it the same way at creation).
    function hashTerms(AgreementTerms calldata terms) external pure returns (bytes32);

    /// @notice The EIP-712 digest a signer signs for `obligationId` with the given nonce and deadline.
    function signDigest(uint256 obligationId, address signer, uint256 nonce, uint256 deadline)
        external
        view
        returns (bytes32);

    /// @notice The signer's next EIP-712 nonce.
    function nonces(address signer) external view returns (uint256);

    /// @notice The EIP-712 domain separator (name "CourtchainObligations", version "1", this chain, this contract).
    function domainSeparator() external view returns (bytes32);

    /// @notice The obligation registered for judgment obligation (`caseId`, `index`), or 0.
    function judgmentObligationId(uint256 caseId, uint256 index) external view returns (uint256);

    /// @notice Payments credited to `account` in `token`, waiting for withdrawal.
    function credited(address token, address account) external view returns (uint256);
}

/// @notice The one view ObligationRegistry needs from the enforcement office beyond `IEnforcementIntake`: the token
/// in which the office holds and distributes money (an enforcement-consequence obligation must be owed in it).
interface IEnforcementSettlementToken {
    /// @notice The office's settlement token.
    function settlementToken() external view returns (address);
}
