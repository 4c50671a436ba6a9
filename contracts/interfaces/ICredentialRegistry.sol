// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICourtConsortium} from "./ICourtConsortium.sol";

/// @title ICredentialRegistry
/// @notice Professional credentials (lawyer licence, legal-aid worker, mediator, notary, appraiser / judicial expert)
/// issued by the consortium members that license them, with status, validity and discipline records; a view the
/// docket consults when an agent acts.
///
/// Authority: which member kinds may issue, and which may discipline, each credential kind is set by the governing
/// members through an executed hub proposal (`setAuthority`); no single account changes it.
///
/// Issuing: an account holding REGISTRAR of an active member whose kind may issue the kind issues a credential to
/// a holder account. The credential records a salted commitment to the licence number and the holder's name (never
/// the number or the name themselves), the practising firm, a category code, a validity end (annual assessment:
/// `renew` extends it) and the issuing member and account. An issuer that is later suspended or removed from the
/// consortium issues nothing more (`CredentialIssuerNotActive`); its earlier credentials stay as issued, and
/// `issuerState` tells a verifier the issuer's state.
///
/// Changing a person's status: suspension, reinstatement, revocation and cancellation of a credential, and every
/// discipline record, change a professional's legal standing. None is the act of one account: a REGISTRAR of the
/// issuing member (of a disciplining member, for discipline) proposes it with a reason and the hash of the decision,
/// and a different REGISTRAR account of the same member approves it within `ACTION_LIFETIME`. The change takes
/// effect in the block of the approval, so every transaction after it (in the next block on) sees it; both accounts
/// are in the events. Issuing and renewal are one REGISTRAR's act: they take nothing from anyone, they are recorded
/// with the issuing account, and a wrongly issued credential is revoked by two.
///
/// Discipline (行业处分): admonition, warning, circulated criticism, public censure, suspension of membership rights,
/// expulsion; each record carries the decision's hash and the end of the window in which it is public. A suspension
/// of membership rights makes the credential not valid until its end; an expulsion makes it not valid for good.
///
/// Clock: every time is in seconds (see HubGuarded).
interface ICredentialRegistry {
    // ------------------------------------------------------------------ types

    /// @notice Kind of professional credential. `None` means "no such credential".
    enum CredentialKind {
        None,
        LawyerLicence,
        LegalAidWorker,
        Mediator,
        Notary,
        Appraiser
    }

    /// @notice Status as stored. Expiry and discipline bars are derived from time ({validity}), never stored.
    enum CredentialStatus {
        None,
        Practising,
        Suspended,
        Revoked,
        Cancelled
    }

    /// @notice Whether a credential is valid now, and if not, why. `Valid` is 0.
    enum Validity {
        Valid,
        Unknown,
        NotHolder,
        Suspended,
        Revoked,
        Cancelled,
        Expired,
        Barred
    }

    /// @notice Type of a discipline record. `None` is never a valid type.
    enum DisciplineType {
        None,
        Admonition,
        Warning,
        CirculatedCriticism,
        PublicCensure,
        SuspensionOfRights,
        Expulsion
    }

    /// @notice What a two-person action does once approved. `None` means "no such action".
    enum ActionKind {
        None,
        Suspend,
        Reinstate,
        Revoke,
        Cancel,
        Discipline
    }

    struct Credential {
        address holder;
        CredentialKind kind;
        CredentialStatus status;
        uint32 issuerMember;
        address issuer;
        uint64 issuedAt;
        uint64 validUntil;
        uint64 barredUntil;
        uint64 statusChangedAt;
        bytes32 commitment;
        bytes32 category;
        string firm;
    }

    struct Discipline {
        uint256 credentialId;
        DisciplineType disciplineType;
        uint32 member;
        uint64 recordedAt;
        uint64 publicUntil;
        uint64 barredUntil;
        bytes32 decisionHash;
    }

    struct Action {
        uint256 credentialId;
        ActionKind kind;
        DisciplineType disciplineType;
        bool done;
        uint32 member;
        address proposer;
        uint64 proposedAt;
        uint64 until;
        uint64 publicUntil;
        bytes32 decisionHash;
    }

    // ------------------------------------------------------------------ events

    event AuthoritySet(
        ICourtConsortium.MemberKind indexed memberKind, CredentialKind indexed kind, bool canIssue, bool canDiscipline
    );
    event CredentialIssued(
        uint256 indexed credentialId,
        address indexed holder,
        CredentialKind kind,
        uint32 indexed issuerMember,
        address issuer,
        bytes32 commitment,
        string firm,
        bytes32 category,
        uint64 validUntil
    );
    event CredentialRenewed(uint256 indexed credentialId, uint64 validUntil, address indexed by);
    event ActionProposed(
        uint256 indexed actionId,
        uint256 indexed credentialId,
        ActionKind kind,
        DisciplineType disciplineType,
        uint32 member,
        address indexed proposer,
        uint64 until,
        uint64 publicUntil,
        bytes32 decisionHash,
        string reason
    );
    event ActionApproved(uint256 indexed actionId, uint256 indexed credentialId, address indexed approver);
    event CredentialStatusChanged(
        uint256 indexed credentialId,
        CredentialStatus from,
        CredentialStatus to,
        uint256 indexed actionId,
        bytes32 decisionHash,
        address proposer,
        address approver
    );
    event DisciplineRecorded(
        uint256 indexed disciplineId,
        uint256 indexed credentialId,
        DisciplineType disciplineType,
        uint32 member,
        uint256 indexed actionId,
        bytes32 decisionHash,
        uint64 publicUntil,
        uint64 barredUntil
    );

    // ------------------------------------------------------------------ errors

    error CredentialInvalidKind();
    error CredentialInvalidMemberKind();
    error CredentialZeroAddress();
    error CredentialZeroHash();
    error CredentialUnknown(uint256 credentialId);
    /// @notice The caller's member is not active (suspended or removed issuers issue and act no more).
    error CredentialIssuerNotActive(uint32 memberId, ICourtConsortium.MemberStatus status);
    /// @notice The caller is not a REGISTRAR of a member whose kind may do this with credentials of `kind`.
    error CredentialNotAuthorised(address account, CredentialKind kind);
    /// @notice The caller is not a REGISTRAR of the credential's issuing member.
    error CredentialNotIssuer(uint256 credentialId, uint32 issuerMember, address account);
    error CredentialAlreadyHeld(address holder, CredentialKind kind, uint256 credentialId);
    error CredentialInvalidValidity(uint64 validUntil);
    error CredentialUnexpectedStatus(uint256 credentialId, CredentialStatus current);
    error CredentialInvalidAction();
    error CredentialInvalidDiscipline();
    error CredentialInvalidWindow(uint64 until);
    error CredentialEmptyReason();
    error CredentialUnknownAction(uint256 actionId);
    error CredentialActionDone(uint256 actionId);
    error CredentialActionExpired(uint256 actionId, uint64 expiredAt);
    /// @notice The approver proposed the action itself: two different accounts are needed.
    error CredentialSelfApproval(uint256 actionId, address account);
    /// @notice The approver is not a REGISTRAR of the member that proposed the action.
    error CredentialNotActionMember(uint256 actionId, uint32 member, address account);
    error CredentialUnknownDiscipline(uint256 disciplineId);

    // ------------------------------------------------------------------ governance

    /// @notice Set which member kind may issue and which may discipline credentials of `kind`.
    /// @param memberKind the consortium member kind (not None)
    /// @param kind the credential kind (not None)
    /// @param canIssue whether REGISTRARs of members of that kind may issue (and suspend, revoke, renew) it
    /// @param canDiscipline whether they may record discipline against it
    /// Emits `AuthoritySet`.
    /// Requirements: only an executed hub proposal (`AccessOnlyGovernance`); kinds not None.
    function setAuthority(ICourtConsortium.MemberKind memberKind, CredentialKind kind, bool canIssue, bool canDiscipline)
        external;

    // ------------------------------------------------------------------ issuing

    /// @notice Issue a credential to `holder`.
    /// @param holder the professional's account
    /// @param kind the credential kind
    /// @param commitment salted commitment to the licence number and the name (courtchain.clients.credentials.credential_commitment)
    /// @param firm the practising firm or institution (public, as on the licence)
    /// @param category category code, UTF-8 left-aligned (e.g. "专职", "兼职"; zero if none)
    /// @param validUntil end of validity (the next annual assessment), after now
    /// @return credentialId the new credential's id (sequential from 1)
    /// Emits `CredentialIssued`.
    /// Requirements: the caller's member is active (`CredentialIssuerNotActive`), the caller holds REGISTRAR and its
    /// member's kind may issue `kind` (`CredentialNotAuthorised`); holder non-zero; commitment non-zero; the holder
    /// has no credential of this kind that is Practising or Suspended (`CredentialAlreadyHeld`).
    function issue(
        address holder,
        CredentialKind kind,
        bytes32 commitment,
        string calldata firm,
        bytes32 category,
        uint64 validUntil
    ) external returns (uint256 credentialId);

    /// @notice Extend a credential's validity after its annual assessment.
    /// Emits `CredentialRenewed`.
    /// Requirements: the caller is a REGISTRAR of the issuing member, which is active and may still issue the kind;
    /// status Practising or Suspended; `validUntil` after now and after the current end.
    function renew(uint256 credentialId, uint64 validUntil) external;

    // ------------------------------------------------------------------ two-person actions

    /// @notice Propose a status change (suspend, reinstate, revoke, cancel) or a discipline record.
    /// @param credentialId the credential
    /// @param kind what to do (not None)
    /// @param disciplineType for `Discipline`, the type (not None); for other kinds None
    /// @param until for a `SuspensionOfRights` discipline, the end of the bar (after now); else 0
    /// @param publicUntil for `Discipline`, the end of the public window (after now); else 0
    /// @param decisionHash hash of the decision document (non-zero)
    /// @param reason the reason, for people (non-empty)
    /// @return actionId the action's id; it takes effect when another account approves it
    /// Emits `ActionProposed`.
    /// Requirements: the caller's member is active; for status changes the caller is a REGISTRAR of the issuing
    /// member (`CredentialNotIssuer`), for discipline a REGISTRAR of a member whose kind may discipline the
    /// credential's kind (`CredentialNotAuthorised`); the change is possible now (`CredentialUnexpectedStatus`).
    function proposeAction(
        uint256 credentialId,
        ActionKind kind,
        DisciplineType disciplineType,
        uint64 until,
        uint64 publicUntil,
        bytes32 decisionHash,
        string calldata reason
    ) external returns (uint256 actionId);

    /// @notice Approve a pending action; it takes effect at once.
    /// Emits `ActionApproved`, then `CredentialStatusChanged` or `DisciplineRecorded`.
    /// Requirements: the action is pending (`CredentialActionDone`) and younger than `ACTION_LIFETIME`
    /// (`CredentialActionExpired`); the caller is a REGISTRAR of the proposing member, active
    /// (`CredentialNotActionMember`), and not the proposer (`CredentialSelfApproval`); the change is still possible.
    function approveAction(uint256 actionId) external;

    // ------------------------------------------------------------------ views

    /// @notice Seconds a proposed action stays open for approval.
    function ACTION_LIFETIME() external view returns (uint64);

    /// @notice Whether REGISTRARs of members of `memberKind` may issue / discipline credentials of `kind`.
    function authority(ICourtConsortium.MemberKind memberKind, CredentialKind kind)
        external
        view
        returns (bool canIssue, bool canDiscipline);

    function credentialCount() external view returns (uint256);

    /// @notice A credential's record. Requirements: it exists (`CredentialUnknown`).
    function getCredential(uint256 credentialId) external view returns (Credential memory);

    /// @notice The holder's latest credential of `kind` (0 if none).
    function credentialOf(address holder, CredentialKind kind) external view returns (uint256);

    /// @notice Whether the credential is valid now, or why not (Unknown for an id never issued).
    function validity(uint256 credentialId) external view returns (Validity);

    /// @notice `validity`, and `NotHolder` if `account` is not the credential's holder: what the docket checks.
    function checkAgent(address account, uint256 credentialId) external view returns (Validity);

    /// @notice Whether `account` holds a valid credential of `kind` now.
    function isValid(address account, CredentialKind kind) external view returns (bool);

    /// @notice The id of a credential `account` holds that is valid now (lowest kind first), or 0.
    function validCredential(address account) external view returns (uint256);

    /// @notice The issuing member of a credential, its status in the consortium now, and whether its kind may
    /// still issue the credential's kind. Requirements: the credential exists.
    function issuerState(uint256 credentialId)
        external
        view
        returns (uint32 memberId, ICourtConsortium.MemberStatus status, bool authorised);

    function disciplineCount() external view returns (uint256);

    /// @notice A discipline record. Requirements: it exists (`CredentialUnknownDiscipline`).
    function getDiscipline(uint256 disciplineId) external view returns (Discipline memory);

    /// @notice Ids of a credential's discipline records, oldest first.
    function disciplinesOf(uint256 credentialId) external view returns (uint256[] memory);

    function actionCount() external view returns (uint256);

    /// @notice A proposed action (its reason is in `ActionProposed`). Requirements: it exists (`CredentialUnknownAction`).
    function getAction(uint256 actionId) external view returns (Action memory);
}
