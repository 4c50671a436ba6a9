// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title Calls between suite contracts
/// @notice The narrow entry points one suite contract offers another. Each is callable only by the suite contract
/// recorded in the hub under the named key (`HubGuarded.onlySuite`), so none is a back door for accounts.
/// Parties are salted identity commitments (bytes32), never names or id numbers; documents are content hashes.

/// @notice Implemented by CreditRegistry; called by EnforcementOffice (SuiteKeys.ENFORCEMENT_OFFICE).
interface ICreditListing {
    /// @notice List `subject` because of enforcement case `caseId`.
    /// @param subject salted commitment to the debtor's identity
    /// @param caseId the enforcement case that is the source of the entry
    /// @param kind 1 = dishonest debtor, 2 = high-consumption ban (CreditRegistry's EntryKind)
    /// @param reason reason code (see CreditRegistry)
    /// @param evidenceHash hash of the decision or record that justifies the listing
    /// @param approver the judge who approved the termination order that lists the debtor (recorded as the entry's
    /// `approvedBy`, and recused from its removal)
    /// @return entryId the new entry (or the existing active one for the same subject, enforcement case and kind)
    function listFromEnforcement(
        bytes32 subject,
        uint256 caseId,
        uint8 kind,
        uint16 reason,
        bytes32 evidenceHash,
        address approver
    ) external returns (uint256 entryId);

    /// @notice End every active entry of `subject` that has `caseId` as its source (the debtor performed).
    /// @return delisted number of entries ended
    function delistFromEnforcement(bytes32 subject, uint256 caseId) external returns (uint256 delisted);
}

/// @notice Implemented by EnforcementOffice; called by ObligationRegistry (SuiteKeys.OBLIGATION_REGISTRY).
interface IEnforcementIntake {
    /// @notice Open an enforcement case for a defaulted obligation, in the same transaction as the default.
    /// @param obligationId the defaulted obligation
    /// @param debtor salted commitment to the debtor's identity
    /// @param debtorAccount the debtor's address where the debtor has one (else zero)
    /// @param creditor the creditor's address (the case's first creditor, ordinary priority)
    /// @param amount the outstanding amount, in the office's settlement token
    /// @param judiciallyConfirmed true when the title is a judicially confirmed agreement (enables the auto policy)
    /// @param titleHash hash of the enforceable title (agreement or judgment document)
    /// @return caseId the new enforcement case
    function openFromObligation(
        uint256 obligationId,
        bytes32 debtor,
        address debtorAccount,
        address creditor,
        uint256 amount,
        bool judiciallyConfirmed,
        bytes32 titleHash
    ) external returns (uint256 caseId);
}

/// @notice Implemented by CaseDocket; called by ObligationRegistry (SuiteKeys.OBLIGATION_REGISTRY).
interface IDocketIntake {
    /// @notice File a trial case for a defaulted mediation agreement (the consequence "trial"), with the creditor's
    /// account as the filer, so that the creditor can complete (`addMaterials`) or withdraw the filing.
    /// @param obligationId the defaulted obligation
    /// @param courtId the court member (consortium member id) that will hear it
    /// @param caseType the case type code, UTF-8 left-aligned in bytes32 (e.g. "民初")
    /// @param plaintiff salted commitment of the creditor
    /// @param defendant salted commitment of the debtor
    /// @param claimAmount the outstanding amount
    /// @param documentHash hash of the mediation agreement, recorded as the filing's first material
    /// @param filer the creditor's account, recorded as the filing's filer
    /// @return filingId the new filing (its window opens as for any filing)
    function fileFromObligation(
        uint256 obligationId,
        uint32 courtId,
        bytes32 caseType,
        bytes32 plaintiff,
        bytes32 defendant,
        uint256 claimAmount,
        bytes32 documentHash,
        address filer
    ) external returns (uint256 filingId);

    /// @notice Whether `caseType` is an active case type of court `courtId` now (a filing of it would be accepted).
    function acceptsCaseType(uint32 courtId, bytes32 caseType) external view returns (bool);

    /// @notice One obligation imposed by the judgment of a docketed case.
    /// @return debtor commitment, debtorAccount (or zero), creditor address, amount, dueDate, judgment document hash
    function judgmentObligation(uint256 caseId, uint256 index)
        external
        view
        returns (
            bytes32 debtor,
            address debtorAccount,
            address creditor,
            uint256 amount,
            uint64 dueDate,
            bytes32 documentHash
        );

    /// @notice Number of obligations the judgment of `caseId` imposes (0 if no judgment).
    function judgmentObligationCount(uint256 caseId) external view returns (uint256);
}
