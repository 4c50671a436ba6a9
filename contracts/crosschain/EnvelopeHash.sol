// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICrossChainOutbox} from "../interfaces/ICrossChainOutbox.sol";

/// @title EnvelopeHash
/// @notice EIP-712 struct hashes of the cross-chain envelope and receipt: the commitments both chains agree on.
library EnvelopeHash {
    bytes32 internal constant ENVELOPE_TYPEHASH = keccak256(
        "Envelope(uint64 sourceChainId,address sourceContract,uint64 destChainId,address destContract,uint64 sequence,"
        "uint16 kind,bytes32 payloadHash,uint64 timeoutHeight,uint64 timeoutTimestamp)"
    );
    bytes32 internal constant RECEIPT_TYPEHASH = keccak256("Receipt(bytes32 envelopeHash,uint8 status)");

    function hash(ICrossChainOutbox.Envelope memory e) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                ENVELOPE_TYPEHASH,
                e.sourceChainId,
                e.sourceContract,
                e.destChainId,
                e.destContract,
                e.sequence,
                e.kind,
                e.payloadHash,
                e.timeoutHeight,
                e.timeoutTimestamp
            )
        );
    }

    function receipt(bytes32 envelopeHash, uint8 status) internal pure returns (bytes32) {
        return keccak256(abi.encode(RECEIPT_TYPEHASH, envelopeHash, status));
    }
}
