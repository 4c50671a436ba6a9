// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title Roles
/// @notice Role ids held in the consortium hub by operator accounts of active members.
/// @dev Ids are keccak256 of the role name so off-chain code derives them with one hash.
library Roles {
    bytes32 internal constant GOVERNOR = keccak256("GOVERNOR");
    bytes32 internal constant JUDGE = keccak256("JUDGE");
    bytes32 internal constant CLERK = keccak256("CLERK");
    bytes32 internal constant MEDIATOR = keccak256("MEDIATOR");
    bytes32 internal constant ENFORCEMENT_OFFICER = keccak256("ENFORCEMENT_OFFICER");
    bytes32 internal constant CUSTODIAN = keccak256("CUSTODIAN");
    bytes32 internal constant CREDIT_AGENCY = keccak256("CREDIT_AGENCY");
    bytes32 internal constant REGISTRAR = keccak256("REGISTRAR");
    bytes32 internal constant AUDITOR = keccak256("AUDITOR");

    /// @notice Whether `role` is one of the roles the suite knows.
    function isKnown(bytes32 role) internal pure returns (bool) {
        return role == GOVERNOR || role == JUDGE || role == CLERK || role == MEDIATOR || role == ENFORCEMENT_OFFICER
            || role == CUSTODIAN || role == CREDIT_AGENCY || role == REGISTRAR || role == AUDITOR;
    }
}
