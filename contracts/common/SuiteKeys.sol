// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title SuiteKeys
/// @notice Keys under which the hub records the addresses of the suite's contracts, so that each contract finds its
/// peers (and recognises their calls) through the hub instead of through an address of its own.
library SuiteKeys {
    bytes32 internal constant CASE_DOCKET = keccak256("CaseDocket");
    bytes32 internal constant OBLIGATION_REGISTRY = keccak256("ObligationRegistry");
    bytes32 internal constant ENFORCEMENT_OFFICE = keccak256("EnforcementOffice");
    bytes32 internal constant CREDIT_REGISTRY = keccak256("CreditRegistry");
    bytes32 internal constant EVIDENCE_REGISTRY = keccak256("EvidenceRegistry");
    bytes32 internal constant CREDENTIAL_REGISTRY = keccak256("CredentialRegistry");
    bytes32 internal constant BANKRUPTCY_ESTATE = keccak256("BankruptcyEstate");
    bytes32 internal constant CREDITORS_MEETING = keccak256("CreditorsMeeting");
    bytes32 internal constant MEETING_REQUESTS = keccak256("MeetingRequests");
    bytes32 internal constant CROSSCHAIN_OUTBOX = keccak256("CrossChainOutbox");
    bytes32 internal constant CROSSCHAIN_INBOX = keccak256("CrossChainInbox");
    bytes32 internal constant CROSSCHAIN_CASES = keccak256("CrossChainCases");
    bytes32 internal constant CROSSCHAIN_EVIDENCE = keccak256("CrossChainEvidence");
    bytes32 internal constant CROSSCHAIN_LOANS = keccak256("CrossChainLoans");
}
