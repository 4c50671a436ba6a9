"""Typed clients of cross-chain messaging: the outbox, the inbox, the attestor-set verifier and the case-transfer
application; the envelope and its EIP-712 hashes computed here exactly as the contracts compute them; attestor
signatures and proofs; and the wiring of two chains (deploy the four contracts on each, register them in each hub,
register each side as the other's source, attestors and thresholds) through each hub's proposals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from eth_abi import encode as abi_encode
from eth_account import Account
from eth_utils import keccak, to_checksum_address

from ..errors import InputError
from ..signers import SigningAccount
from ..suite import Event, Suite
from ..txn import Call
from .base import ContractClient, Sent, check_address, check_hash
from .consortium import Action, ConsortiumClient

CONTRACTS = (
    "CrossChainOutbox",
    "CrossChainInbox",
    "CrossChainAttestors",
    "CrossChainCases",
    "CrossChainEvidence",
    "CrossChainLoans",
)
SUITE_KEYS: dict[str, bytes] = {name: keccak(text=name) for name in CONTRACTS}
EIP712_NAME = "CourtchainCrossChain"
EIP712_VERSION = "1"
ENVELOPE_TYPE = (
    "Envelope(uint64 sourceChainId,address sourceContract,uint64 destChainId,address destContract,uint64 sequence,"
    "uint16 kind,bytes32 payloadHash,uint64 timeoutHeight,uint64 timeoutTimestamp)"
)
ENVELOPE_TYPEHASH = keccak(text=ENVELOPE_TYPE)
_ENVELOPE_FIELDS = (
    "sourceChainId",
    "sourceContract",
    "destChainId",
    "destContract",
    "sequence",
    "kind",
    "payloadHash",
    "timeoutHeight",
    "timeoutTimestamp",
)
RECEIPT_TYPEHASH = keccak(text="Receipt(bytes32 envelopeHash,uint8 status)")
DOMAIN_TYPEHASH = keccak(text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")


class CommitmentStatus(IntEnum):
    NONE = 0
    SENT = 1
    TIMED_OUT = 2


class ReceiptStatus(IntEnum):
    NONE = 0
    DELIVERED = 1
    TIMED_OUT = 2


class OutgoingStatus(IntEnum):
    NONE = 0
    PENDING = 1
    TRANSFERRED = 2
    RETURNED = 3
    TIMED_OUT = 4


class IncomingStatus(IntEnum):
    NONE = 0
    PENDING = 1
    ACCEPTED = 2
    RETURNED = 3


class MessageKind(IntEnum):
    """Message types of CrossChainCases (its KIND_* constants)."""

    CASE_TRANSFER = 1
    CASE_CONFIRM = 2
    CASE_CANCEL = 3


KIND_LABELS = {
    MessageKind.CASE_TRANSFER: "案件移送 case transfer",
    MessageKind.CASE_CONFIRM: "接收确认 accepted",
    MessageKind.CASE_CANCEL: "退回 returned",
}


@dataclass(frozen=True)
class Envelope:
    """The cross-chain envelope (ICrossChainOutbox.Envelope)."""

    source_chain_id: int
    source_contract: str
    dest_chain_id: int
    dest_contract: str
    sequence: int
    kind: int
    payload_hash: bytes
    timeout_height: int
    timeout_timestamp: int

    def as_tuple(self) -> tuple[Any, ...]:
        return (
            self.source_chain_id,
            self.source_contract,
            self.dest_chain_id,
            self.dest_contract,
            self.sequence,
            self.kind,
            self.payload_hash,
            self.timeout_height,
            self.timeout_timestamp,
        )

    def struct_hash(self) -> bytes:
        """The EIP-712 struct hash: the commitment both chains agree on (EnvelopeHash.hash)."""
        types = ["bytes32", "uint64", "address", "uint64", "address", "uint64", "uint16", "bytes32", "uint64", "uint64"]
        return keccak(abi_encode(types, [ENVELOPE_TYPEHASH, *self.as_tuple()]))

    def to_json(self) -> dict[str, Any]:
        return {
            "sourceChainId": self.source_chain_id,
            "sourceContract": self.source_contract,
            "destChainId": self.dest_chain_id,
            "destContract": self.dest_contract,
            "sequence": self.sequence,
            "kind": self.kind,
            "payloadHash": "0x" + self.payload_hash.hex(),
            "timeoutHeight": self.timeout_height,
            "timeoutTimestamp": self.timeout_timestamp,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Envelope:
        return cls(
            int(d["sourceChainId"]),
            to_checksum_address(d["sourceContract"]),
            int(d["destChainId"]),
            to_checksum_address(d["destContract"]),
            int(d["sequence"]),
            int(d["kind"]),
            bytes.fromhex(str(d["payloadHash"]).removeprefix("0x")),
            int(d["timeoutHeight"]),
            int(d["timeoutTimestamp"]),
        )

    @classmethod
    def from_value(cls, v: Sequence[Any] | Mapping[str, Any]) -> Envelope:
        """From the decoded struct of a `MessageSent` event (a mapping by field name, or a tuple in field order)."""
        if isinstance(v, Mapping):
            v = [v[k] for k in _ENVELOPE_FIELDS]
        return cls(
            int(v[0]),
            to_checksum_address(v[1]),
            int(v[2]),
            to_checksum_address(v[3]),
            int(v[4]),
            int(v[5]),
            bytes(v[6]),
            int(v[7]),
            int(v[8]),
        )


def receipt_hash(envelope_hash: bytes, status: ReceiptStatus) -> bytes:
    """The EIP-712 struct hash of `Receipt(envelopeHash, status)` (EnvelopeHash.receipt)."""
    return keccak(abi_encode(["bytes32", "bytes32", "uint8"], [RECEIPT_TYPEHASH, envelope_hash, int(status)]))


def domain_separator(chain_id: int, verifier: str) -> bytes:
    return keccak(
        abi_encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [DOMAIN_TYPEHASH, keccak(text=EIP712_NAME), keccak(text=EIP712_VERSION), chain_id, verifier],
        )
    )


def attestation_digest(chain_id: int, verifier: str, struct_hash: bytes) -> bytes:
    """What an attestor signs: the EIP-712 digest of `struct_hash` under the verifier's domain on the chain where the
    proof will be checked (`chain_id`, `verifier` there)."""
    return keccak(b"\x19\x01" + domain_separator(chain_id, to_checksum_address(verifier)) + struct_hash)


def sign_attestation(private_key: bytes | str, chain_id: int, verifier: str, struct_hash: bytes) -> bytes:
    signed = Account.unsafe_sign_hash(attestation_digest(chain_id, verifier, struct_hash), private_key)
    return bytes(signed.signature)


def encode_proof(signatures: Mapping[str, bytes]) -> bytes:
    """An attestor-set proof: `abi.encode(address[] signers, bytes[] signatures)`, signers ascending."""
    ordered = sorted(((to_checksum_address(a), s) for a, s in signatures.items()), key=lambda x: int(x[0], 16))
    return abi_encode(["address[]", "bytes[]"], [[a for a, _ in ordered], [s for _, s in ordered]])


def case_transfer_payload(case_id: int, case_number: str, from_member: int, to_member: int, docs: bytes) -> bytes:
    return abi_encode(
        ["uint256", "string", "uint32", "uint32", "bytes32"], [case_id, case_number, from_member, to_member, docs]
    )


# -- clients ----------------------------------------------------------------------------------------------------------


class OutboxClient(ContractClient):
    contract_name = "CrossChainOutbox"

    def send(
        self,
        dest_chain_id: int,
        dest_contract: str,
        kind: int,
        payload: bytes,
        timeout_height: int = 0,
        timeout_timestamp: int = 0,
    ) -> tuple[Envelope, Sent]:
        sent = self.transact(
            "send", dest_chain_id, check_address(dest_contract), kind, payload, timeout_height, timeout_timestamp
        )
        return Envelope.from_value(sent.event("MessageSent").args["envelope"]), sent

    def confirm_timeout(self, envelope: Envelope, proof: bytes) -> Sent:
        return self.transact("confirmTimeout", envelope.as_tuple(), proof)

    def set_destination_verifier(self, dest_chain_id: int, verifier: str) -> Action:
        return _action(self, "setDestinationVerifier", dest_chain_id, check_address(verifier))

    def next_sequence(self, sender: str, dest_chain_id: int) -> int:
        return int(self.view("nextSequence", check_address(sender), dest_chain_id))

    def commitment(self, envelope_hash: bytes) -> CommitmentStatus:
        return CommitmentStatus(self.view("commitment", check_hash(envelope_hash)))

    def envelope_hash(self, envelope: Envelope) -> bytes:
        return bytes(self.view("envelopeHash", envelope.as_tuple()))


class InboxClient(ContractClient):
    contract_name = "CrossChainInbox"

    def deliver(self, envelope: Envelope, payload: bytes, proof: bytes) -> Sent:
        return self.transact("deliver", envelope.as_tuple(), payload, proof)

    def deliver_call(self, envelope: Envelope, payload: bytes, proof: bytes) -> Call:
        return self.prepare("deliver", envelope.as_tuple(), payload, proof)

    def time_out(self, envelope: Envelope, proof: bytes) -> Sent:
        return self.transact("timeOut", envelope.as_tuple(), proof)

    def register_source(self, chain_id: int, source: str, dest: str, verifier: str) -> Action:
        return _action(
            self, "registerSource", chain_id, check_address(source), check_address(dest), check_address(verifier)
        )

    def remove_source(self, chain_id: int, source: str) -> Action:
        return _action(self, "removeSource", chain_id, check_address(source))

    def next_sequence(self, chain_id: int, source: str) -> int:
        s = self.view("getSource", chain_id, check_address(source))
        return int(s[3])

    def source(self, chain_id: int, source: str) -> dict[str, Any]:
        s = self.view("getSource", chain_id, check_address(source))
        return {"active": bool(s[0]), "destContract": s[1], "verifier": s[2], "nextSequence": int(s[3])}

    def receipt(self, envelope_hash: bytes) -> ReceiptStatus:
        return ReceiptStatus(self.view("receipt", check_hash(envelope_hash)))


class AttestorsClient(ContractClient):
    contract_name = "CrossChainAttestors"

    def add_attestor(self, peer_chain_id: int, attestor: str) -> Action:
        return _action(self, "addAttestor", peer_chain_id, check_address(attestor))

    def remove_attestor(self, peer_chain_id: int, attestor: str) -> Action:
        return _action(self, "removeAttestor", peer_chain_id, check_address(attestor))

    def set_threshold(self, peer_chain_id: int, threshold: int) -> Action:
        return _action(self, "setThreshold", peer_chain_id, threshold)

    def is_attestor(self, peer_chain_id: int, account: str) -> bool:
        return bool(self.view("isAttestor", peer_chain_id, check_address(account)))

    def attestor_set(self, peer_chain_id: int) -> tuple[int, int]:
        n, m = self.view("attestorSet", peer_chain_id)
        return int(n), int(m)

    def digest(self, struct_hash: bytes) -> bytes:
        return bytes(self.view("digest", struct_hash))


@dataclass(frozen=True)
class Incoming:
    incoming_id: int
    status: IncomingStatus
    source_chain_id: int
    from_member: int
    to_member: int
    received_at: int
    decided_at: int
    source_case_id: int
    documents_hash: bytes
    reason_hash: bytes
    case_number: str


@dataclass(frozen=True)
class Outgoing:
    case_id: int
    status: OutgoingStatus
    dest_chain_id: int
    sequence: int
    to_member: int
    transfer_index: int
    documents_hash: bytes


class CrossChainCasesClient(ContractClient):
    contract_name = "CrossChainCases"

    def send_case(
        self, case_id: int, dest_chain_id: int, to_member: int, documents_hash: bytes | str, timeout_timestamp: int
    ) -> Sent:
        if timeout_timestamp <= 0:
            raise InputError("a cross-chain case transfer needs a timeout (the receiving chain's time, in seconds)")
        return self.transact(
            "sendCase",
            case_id,
            dest_chain_id,
            to_member,
            check_hash(documents_hash, "documents hash"),
            timeout_timestamp,
        )

    def accept_case(self, incoming_id: int) -> Sent:
        return self.transact("acceptCase", incoming_id)

    def return_case(self, incoming_id: int, reason_hash: bytes = b"\0" * 32) -> Sent:
        return self.transact("returnCase", incoming_id, check_hash(reason_hash, "reason hash"))

    def resend_reply(self, incoming_id: int) -> Sent:
        return self.transact("resendReply", incoming_id)

    def set_peer(self, chain_id: int, peer: str) -> Action:
        return _action(self, "setPeer", chain_id, check_address(peer))

    def peer(self, chain_id: int) -> str:
        return str(self.view("peer", chain_id))

    def outgoing(self, case_id: int) -> Outgoing:
        o = self.view("getOutgoing", case_id)
        return Outgoing(case_id, OutgoingStatus(o[0]), int(o[1]), int(o[2]), int(o[3]), int(o[4]), bytes(o[5]))

    def incoming(self, incoming_id: int) -> Incoming:
        c = self.view("getIncoming", incoming_id)
        return Incoming(
            incoming_id,
            IncomingStatus(c[0]),
            int(c[1]),
            int(c[2]),
            int(c[3]),
            int(c[4]),
            int(c[5]),
            int(c[6]),
            bytes(c[7]),
            bytes(c[8]),
            str(c[9]),
        )

    def incoming_count(self) -> int:
        return int(self.view("incomingCount"))


@dataclass(frozen=True)
class ImportedAnchor:
    """An anchor of another chain recorded here (ICrossChainEvidence.ImportedAnchor)."""

    source_chain_id: int
    anchored_at: int
    imported_at: int
    member_id: int
    kind: int
    capacity: int
    role: int
    anchorer: str


class CrossChainEvidenceClient(ContractClient):
    contract_name = "CrossChainEvidence"

    def export_anchor(self, content_hash: bytes | str, dest_chain_id: int, timeout_timestamp: int) -> Sent:
        if timeout_timestamp <= 0:
            raise InputError("an export needs a timeout (the receiving chain's time, in seconds)")
        return self.transact("exportAnchor", check_hash(content_hash, "content hash"), dest_chain_id, timeout_timestamp)

    def set_peer(self, chain_id: int, peer: str) -> Action:
        return _action(self, "setPeer", chain_id, check_address(peer))

    def imported_anchors(self, content_hash: bytes | str) -> list[ImportedAnchor]:
        rows = self.view("importedAnchors", check_hash(content_hash, "content hash"))
        return [
            ImportedAnchor(int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]), int(r[6]), str(r[7]))
            for r in rows
        ]


class CrossChainLoansClient(ContractClient):
    contract_name = "CrossChainLoans"

    def report_loan(
        self,
        dest_chain_id: int,
        title_key: bytes,
        document_hash: bytes,
        debtor: bytes,
        debtor_account: str,
        creditor_account: str,
        amount: int,
        due_date: int,
        timeout_timestamp: int,
    ) -> Sent:
        if timeout_timestamp <= 0:
            raise InputError("a loan report needs a timeout (the receiving chain's time, in seconds)")
        loan = (
            check_hash(title_key, "title key"),
            check_hash(document_hash, "document hash"),
            check_hash(debtor, "debtor commitment"),
            check_address(debtor_account, "debtor account"),
            check_address(creditor_account, "creditor account"),
            amount,
            due_date,
        )
        return self.transact("reportLoan", dest_chain_id, loan, timeout_timestamp)

    def set_peer(self, chain_id: int, peer: str) -> Action:
        return _action(self, "setPeer", chain_id, check_address(peer))


def _action(client: ContractClient, fn: str, *args: Any) -> Action:
    return ConsortiumClient.suite_call(client.address, client.call_data(fn, *args), f"{client.contract_name}.{fn}")


# -- deployment and wiring --------------------------------------------------------------------------------------------


def deploy_contracts(suite: Suite, deployer: SigningAccount, governors: Sequence[SigningAccount]) -> Suite:
    """Deploy the four cross-chain contracts on `suite`'s chain and record the outbox, inbox and case contract in
    the hub (one hub proposal). Returns a Suite that knows them (sharing the given suite's senders)."""
    hub_address = suite.address("CourtConsortium")
    sender = suite.sender(deployer)
    addresses: dict[str, str] = dict(suite.addresses)
    for name in CONTRACTS:
        art = suite.artifacts[name]
        factory = suite.chain.w3.eth.contract(abi=art.abi, bytecode=art.bytecode)
        data = factory.constructor(hub_address).data_in_transaction
        receipt = sender.send(Call(to="", data=data, contract=name))
        addresses[name] = str(receipt["contractAddress"])
    extended = Suite(suite.chain, suite.artifacts, addresses, senders=suite._senders)
    hub = ConsortiumClient(extended, governors[0])
    # recorded in the hub: the apps find the outbox and inbox by key, and proposals may call every one of them
    actions = [hub.set_suite_contract(key, addresses[name]) for name, key in SUITE_KEYS.items()]
    hub.govern(actions, governors, "cross-chain contracts")
    return extended


def wire_peer(
    local: Suite, remote: Suite, attestors: Sequence[str], threshold: int, governors: Sequence[SigningAccount]
) -> None:
    """Make `local` accept `remote`'s case messages: register the remote case contract as a source (verified by the
    local attestor set), its attestors and threshold, the peer, and the verifier of the remote chain's receipts.
    One proposal on `local`'s hub, approved by its governors."""
    rid = remote.chain.chain_id
    hub = ConsortiumClient(local, governors[0])
    actions = peer_actions(local, rid, {n: remote.address(n) for n in CONTRACTS}, attestors, threshold)
    hub.govern(actions, governors, f"cross-chain peer chain {rid}")


def peer_actions(
    local: Suite, rid: int, remote: Mapping[str, str], attestors: Sequence[str], threshold: int
) -> list[Action]:
    """The hub actions that connect `local` to peer chain `rid` whose cross-chain contracts are at `remote` (name →
    address): its attestors and threshold, its case, evidence and loan contracts as sources (verified by the
    local attestor set) and peers, and the verifier of its receipts. One proposal of `local`'s hub carries them."""
    cases = CrossChainCasesClient(local)
    verifier = AttestorsClient(local)
    inbox = InboxClient(local)
    actions = [verifier.add_attestor(rid, a) for a in attestors]
    actions += [
        verifier.set_threshold(rid, threshold),
        inbox.register_source(rid, remote["CrossChainCases"], cases.address, verifier.address),
        cases.set_peer(rid, remote["CrossChainCases"]),
        inbox.register_source(rid, remote["CrossChainEvidence"], local.address("CrossChainEvidence"), verifier.address),
        CrossChainEvidenceClient(local).set_peer(rid, remote["CrossChainEvidence"]),
        inbox.register_source(rid, remote["CrossChainLoans"], local.address("CrossChainLoans"), verifier.address),
        CrossChainLoansClient(local).set_peer(rid, remote["CrossChainLoans"]),
        OutboxClient(local).set_destination_verifier(rid, verifier.address),
    ]
    return actions


def message_events(suite: Suite, from_block: int = 0, to_block: int | str = "latest") -> list[Event]:
    """Every cross-chain event on `suite`'s chain, in chain order."""
    names = [n for n in CONTRACTS if n in suite.addresses]
    return list(suite.logs(names, from_block=from_block, to_block=to_block))
