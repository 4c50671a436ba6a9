// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title ICourtConsortium
/// @notice The alliance's access hub: member organisations, their operator accounts and roles, the addresses of the
/// suite's contracts, and the M-of-N governance of the governing members that changes any of them.
/// @dev Every mutation of the hub is an external function that only the hub itself may call, so it runs only as an
/// action of an executed proposal (the OpenZeppelin Governor/Timelock pattern). A proposal may also call a registered
/// suite contract, which is how governors set the other contracts' parameters.
///
/// Governance epochs: every proposal is pinned to the governance epoch it was opened in, and only a proposal of the
/// current epoch may be approved or executed. The epoch advances (`GovernanceEpochAdvanced`) whenever the threshold
/// is set, a GOVERNOR role is granted or revoked (also by `removeAccount`), or a member that holds governor accounts
/// is suspended, reinstated or removed. Within one epoch the threshold, the set of governing members and the member
/// of every governor account are therefore fixed, so the approvals a proposal gathered are exactly approvals of
/// members that govern now, one per member, under the threshold it was opened under. A proposal of an older epoch is
/// `Stale` for good (until its lifetime ends, then `Expired`); its governors propose it again if they still want it.
///
/// Clock: every time here is in seconds. The hub refuses to be deployed on a chain whose block timestamps are in
/// milliseconds (FISCO BCOS without its EVM-timestamp feature) with `ConsortiumMillisecondClock`.
interface ICourtConsortium {
    // ------------------------------------------------------------------ types

    /// @notice Kind of member organisation. `None` means "no such member". New kinds are appended, never inserted,
    /// so the kinds stored for existing members keep their numbers (`JusticeBureau`, 司法行政机关, was appended for
    /// the CredentialRegistry: it licenses lawyers, legal-aid workers, notaries and appraisers).
    enum MemberKind {
        None,
        Court,
        Procuratorate,
        PublicSecurity,
        CustodianBank,
        CreditPlatform,
        MediationCentre,
        BarAssociation,
        Notary,
        Auditor,
        JusticeBureau
    }

    /// @notice Member status. `None` means "no such member"; `Removed` is final.
    enum MemberStatus {
        None,
        Active,
        Suspended,
        Removed
    }

    /// @notice Proposal state; `Approved` (threshold met, not executed), `Expired` (lifetime over) and `Stale` (opened
    /// in an older governance epoch, lifetime not over) are derived from time, approvals and the epoch, never stored.
    /// `Expired` takes precedence over `Stale`, so every proposal that was neither executed nor cancelled ends
    /// `Expired`.
    enum ProposalState {
        None,
        Pending,
        Approved,
        Executed,
        Expired,
        Cancelled,
        Stale
    }

    struct Member {
        MemberKind kind;
        MemberStatus status;
        uint64 admittedAt;
        uint32 accountCount;
        uint32 governorAccounts;
        bytes32 metadataHash;
        string name;
    }

    /// @notice One call a proposal makes when executed: on the hub itself or on a registered suite contract.
    struct Action {
        address target;
        bytes data;
    }

    struct Proposal {
        address proposer;
        uint32 proposerMember;
        uint32 approvals;
        bool executed;
        bool cancelled;
        uint64 createdAt;
        uint64 expiresAt;
        uint64 epoch;
        bytes32 descriptionHash;
    }

    /// @notice A founding governor given at deployment.
    struct GenesisMember {
        MemberKind kind;
        string name;
        bytes32 metadataHash;
        address governor;
    }

    // ------------------------------------------------------------------ events

    event MemberAdmitted(uint32 indexed memberId, MemberKind kind, string name, bytes32 metadataHash);
    event MemberStatusChanged(uint32 indexed memberId, MemberStatus from, MemberStatus to);
    event MemberMetadataUpdated(uint32 indexed memberId, bytes32 metadataHash);
    event AccountAdded(uint32 indexed memberId, address indexed account);
    event AccountRemoved(uint32 indexed memberId, address indexed account);
    event RoleGranted(bytes32 indexed role, address indexed account, uint32 indexed memberId);
    event RoleRevoked(bytes32 indexed role, address indexed account, uint32 indexed memberId);
    event ThresholdChanged(uint32 previous, uint32 current);
    event ProposalLifetimeChanged(uint64 previous, uint64 current);
    event SuiteContractSet(bytes32 indexed key, address indexed current, address previous);
    event ProposalCreated(
        uint256 indexed proposalId,
        address indexed proposer,
        uint32 indexed memberId,
        Action[] actions,
        bytes32 descriptionHash,
        uint64 expiresAt
    );
    event ProposalApproved(uint256 indexed proposalId, address indexed approver, uint32 indexed memberId, uint32 approvals);
    event ProposalExecuted(uint256 indexed proposalId, address indexed executor);
    event ProposalCancelled(uint256 indexed proposalId, address indexed by);
    /// @notice The governance epoch advanced: every open proposal of an older epoch is `Stale` from now on.
    event GovernanceEpochAdvanced(uint64 indexed epoch);

    // ------------------------------------------------------------------ errors

    error ConsortiumOnlyGovernance(address caller);
    error ConsortiumNotGovernor(address account);
    error ConsortiumZeroAddress();
    error ConsortiumEmptyName();
    error ConsortiumInvalidMemberKind(uint8 kind);
    error ConsortiumUnknownMember(uint32 memberId);
    error ConsortiumUnexpectedMemberStatus(uint32 memberId, MemberStatus current, MemberStatus expected);
    error ConsortiumAccountAlreadyRegistered(address account, uint32 memberId);
    error ConsortiumAccountNotRegistered(address account);
    error ConsortiumUnknownRole(bytes32 role);
    error ConsortiumRoleAlreadyGranted(bytes32 role, address account);
    error ConsortiumRoleNotGranted(bytes32 role, address account);
    error ConsortiumInvalidThreshold(uint32 threshold, uint32 governingMembers);
    error ConsortiumLastGovernor(uint32 memberId);
    error ConsortiumInvalidLifetime(uint64 lifetime);
    error ConsortiumNoActions();
    error ConsortiumInvalidTarget(address target);
    error ConsortiumUnknownProposal(uint256 proposalId);
    error ConsortiumUnexpectedProposalState(uint256 proposalId, ProposalState current, ProposalState expected);
    error ConsortiumAlreadyApproved(uint256 proposalId, uint32 memberId);
    error ConsortiumNotProposer(uint256 proposalId, address caller);
    error ConsortiumActionFailed(uint256 proposalId, uint256 index, bytes reason);
    /// @notice `contractAddress` is already recorded under another suite key (`key`).
    error ConsortiumSuiteContractInUse(address contractAddress, bytes32 key);
    /// @notice The chain's clock is not in seconds: `timestamp` is beyond any plausible seconds value (a FISCO BCOS
    /// chain without its EVM-timestamp feature reports milliseconds). Enable that feature and deploy again.
    error ConsortiumMillisecondClock(uint256 timestamp);

    // ------------------------------------------------------------------ governance

    /// @notice Propose a list of actions; the proposer's member approves it at once. The proposal is pinned to the
    /// current governance epoch (see the contract notice).
    /// @param actions calls to make on execution, each on the hub or a registered suite contract
    /// @param descriptionHash hash of the off-chain text that explains the proposal
    /// @return proposalId the new proposal's id (sequential from 1)
    /// Emits `ProposalCreated` and `ProposalApproved`.
    /// Requirements: caller holds GOVERNOR; at least one action; every target is the hub or a suite contract.
    function propose(Action[] calldata actions, bytes32 descriptionHash) external returns (uint256 proposalId);

    /// @notice Approve a pending proposal on behalf of the caller's member organisation.
    /// @param proposalId the proposal
    /// Emits `ProposalApproved`.
    /// Requirements: caller holds GOVERNOR; the proposal is pending or approved (not expired, stale, executed or
    /// cancelled); the caller's member has not approved it yet.
    function approve(uint256 proposalId) external;

    /// @notice Execute a proposal whose approvals meet the threshold; anyone may call. Approvals count only within
    /// the proposal's governance epoch, which must still be the current one: approvals of members that stopped
    /// governing, or that were given under another threshold, never count.
    /// @param proposalId the proposal
    /// Emits `ProposalExecuted` and whatever its actions emit (an action that changes the threshold or the governing
    /// set also emits `GovernanceEpochAdvanced`, which makes every other open proposal `Stale`).
    /// Requirements: state `Approved` (current epoch, not expired, approvals >= threshold); every action succeeds (a failing action reverts the whole execution with
    /// `ConsortiumActionFailed` carrying the action's revert data).
    function execute(uint256 proposalId) external;

    /// @notice Withdraw a proposal that has not been executed.
    /// @param proposalId the proposal
    /// Emits `ProposalCancelled`. Requirements: caller holds GOVERNOR now (an account that was expelled, or whose
    /// member was suspended or removed, cannot cancel); caller is the proposer; state `Pending` or `Approved`.
    function cancel(uint256 proposalId) external;

    // ------------------------------------------------------------------ governance-only mutations

    /// @notice Admit a member organisation. Emits `MemberAdmitted`. Requirements: only by governance; known kind; name.
    /// @return memberId the new member's id (sequential from 1)
    function admitMember(MemberKind kind, string calldata name, bytes32 metadataHash) external returns (uint32 memberId);

    /// @notice Suspend an active member: its accounts keep their roles but `hasRole` answers false while suspended.
    /// Emits `MemberStatusChanged` (and `GovernanceEpochAdvanced` if the member has governor accounts). Requirements: only by governance; member active; it is not the last governing
    /// member and the threshold stays reachable.
    function suspendMember(uint32 memberId) external;

    /// @notice Reinstate a suspended member. Emits `MemberStatusChanged` (and `GovernanceEpochAdvanced` if the member
    /// has governor accounts). Requirements: only by governance; suspended.
    function reinstateMember(uint32 memberId) external;

    /// @notice Remove a member for good. Emits `MemberStatusChanged` (and `GovernanceEpochAdvanced` if the member has
    /// governor accounts). Requirements: only by governance; member active
    /// or suspended; it is not the last governing member and the threshold stays reachable.
    function removeMember(uint32 memberId) external;

    /// @notice Replace a member's metadata hash. Emits `MemberMetadataUpdated`. Requirements: only by governance.
    function updateMemberMetadata(uint32 memberId, bytes32 metadataHash) external;

    /// @notice Register an operator account of a member. Emits `AccountAdded`. Requirements: only by governance;
    /// member active or suspended; account non-zero and not registered to any member.
    function addAccount(uint32 memberId, address account) external;

    /// @notice Unregister an operator account, revoking every role it holds. Emits `RoleRevoked` for each (and
    /// `GovernanceEpochAdvanced` if it held GOVERNOR) and `AccountRemoved`. Requirements: only by governance; registered; not the last governor account.
    function removeAccount(address account) external;

    /// @notice Grant a role to a registered account of an active member. Emits `RoleGranted` (and
    /// `GovernanceEpochAdvanced` for GOVERNOR).
    /// Requirements: only by governance; known role; account registered to an active member; not already held.
    function grantRole(bytes32 role, address account) external;

    /// @notice Revoke a role. Emits `RoleRevoked` (and `GovernanceEpochAdvanced` for GOVERNOR). Requirements: only by governance; held; revoking GOVERNOR leaves a
    /// governing member and a reachable threshold.
    function revokeRole(bytes32 role, address account) external;

    /// @notice Set how many governing members must approve a proposal. Emits `ThresholdChanged` and
    /// `GovernanceEpochAdvanced` (every open proposal becomes `Stale`, even if the value is unchanged).
    /// Requirements: only by governance; 1 <= threshold <= governing members.
    function setThreshold(uint32 threshold) external;

    /// @notice Set how long a proposal stays open. Emits `ProposalLifetimeChanged`.
    /// Requirements: only by governance; between one hour and 365 days.
    function setProposalLifetime(uint64 lifetime) external;

    /// @notice Record (or clear, with the zero address) the address of a suite contract. Emits `SuiteContractSet`.
    /// An address is recorded under at most one key, so clearing or replacing one key never stops a contract that
    /// another key still names from being a proposal target; move a contract to another key by clearing the old
    /// key first (both actions may sit in one proposal).
    /// Requirements: only by governance; `key` non-zero; a non-zero address holds code, is not the hub and is not
    /// recorded under another key (`ConsortiumSuiteContractInUse`).
    function setSuiteContract(bytes32 key, address contractAddress) external;

    // ------------------------------------------------------------------ views

    /// @notice Whether `account` holds `role` and belongs to an active member.
    function hasRole(bytes32 role, address account) external view returns (bool);

    /// @notice Whether `account` holds `role` at all, whatever its member's status.
    function roleGranted(bytes32 role, address account) external view returns (bool);

    /// @notice The member an account belongs to (0 if none).
    function memberOf(address account) external view returns (uint32);

    /// @notice A member's record. Requirements: the member exists.
    function getMember(uint32 memberId) external view returns (Member memory);

    /// @notice Number of members ever admitted (ids run from 1 to this).
    function memberCount() external view returns (uint32);

    /// @notice Number of active members with at least one governor account.
    function governingMembers() external view returns (uint32);

    /// @notice Approvals a proposal needs.
    function threshold() external view returns (uint32);

    /// @notice How long a proposal stays open, in seconds.
    function proposalLifetime() external view returns (uint64);

    /// @notice Address recorded for a suite contract key (zero if none).
    function suiteContract(bytes32 key) external view returns (address);

    /// @notice The key a suite contract is recorded under (zero if none); a proposal may target exactly the
    /// addresses with a non-zero key, and the hub.
    function suiteKeyOf(address contractAddress) external view returns (bytes32);

    /// @notice The current governance epoch (see the contract notice); proposals of older epochs are `Stale`.
    function governanceEpoch() external view returns (uint64);

    /// @notice A proposal's record. Requirements: the proposal exists.
    function getProposal(uint256 proposalId) external view returns (Proposal memory);

    /// @notice A proposal's actions. Requirements: the proposal exists.
    function getActions(uint256 proposalId) external view returns (Action[] memory);

    /// @notice A proposal's state, derived from approvals, threshold, governance epoch and time.
    function proposalState(uint256 proposalId) external view returns (ProposalState);

    /// @notice Whether `memberId` approved `proposalId`.
    function hasApproved(uint256 proposalId, uint32 memberId) external view returns (bool);

    /// @notice Number of proposals ever made.
    function proposalCount() external view returns (uint256);
}
