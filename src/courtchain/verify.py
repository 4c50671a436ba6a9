"""Hashing files and Merkle batches of documents, the off-chain half of `EvidenceRegistry`.

Content hash: SHA-256 of the file's bytes, read in fixed-size chunks (memory stays bounded whatever the file size).

Batch leaf encoding — the OpenZeppelin StandardMerkleTree convention with value types ``["bytes32"]``::

    leaf = keccak256(keccak256(abi.encode(bytes32 contentHash)))

The double hash keeps a leaf from ever being mistaken for an inner node (64-byte preimage) and lets the
`@openzeppelin/merkle-tree` JavaScript library build and check the same trees. Inner nodes hash the sorted pair
``keccak256(min(a, b) ++ max(a, b))`` (OpenZeppelin MerkleProof 4.9.6), so a proof is just the list of siblings.
The tree shape is StandardMerkleTree's: leaves sorted, stored at the end of a complete binary tree array.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_abi import encode
from eth_utils import keccak

from .errors import InputError

CHUNK = 1 << 20  # 1 MiB
PROOF_FORMAT = "courtchain.evidence.proof.v1"
MANIFEST_FORMAT = "courtchain.evidence.manifest.v1"
LEAF_ENCODING = "keccak256(keccak256(abi.encode(bytes32 contentHash))); sorted-pair keccak256 nodes (OZ 4.9.6)"


def sha256_file(path: str | os.PathLike[str], chunk_size: int = CHUNK) -> bytes:
    """SHA-256 of a file, streamed in `chunk_size` pieces into one reused buffer."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"not a file: {p}")
    h = hashlib.sha256()
    buf = bytearray(chunk_size)
    view = memoryview(buf)
    with p.open("rb", buffering=0) as f:
        while n := f.readinto(view):
            h.update(view[:n])
    return h.digest()


def leaf_hash(content_hash: bytes) -> bytes:
    """The batch leaf of a content hash (StandardMerkleTree, `["bytes32"]`)."""
    if len(content_hash) != 32:
        raise InputError("a content hash has 32 bytes")
    return bytes(keccak(keccak(encode(["bytes32"], [content_hash]))))


def hash_pair(a: bytes, b: bytes) -> bytes:
    return bytes(keccak(a + b if a < b else b + a))


def process_proof(leaf: bytes, proof: Sequence[bytes]) -> bytes:
    node = leaf
    for sibling in proof:
        node = hash_pair(node, sibling)
    return node


def verify_proof(content_hash: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    """What `MerkleProof.verify(proof, root, leafOf(contentHash))` answers on chain."""
    return process_proof(leaf_hash(content_hash), proof) == root


class MerkleTree:
    """A StandardMerkleTree over distinct content hashes."""

    def __init__(self, content_hashes: Iterable[bytes]) -> None:
        hashes = list(content_hashes)
        if not hashes:
            raise InputError("a batch needs at least one document")
        if len(set(hashes)) != len(hashes):
            raise InputError("a batch must not contain the same document twice")
        leaves = sorted((leaf_hash(h), h) for h in hashes)
        n = len(leaves)
        self._tree: list[bytes] = [b""] * (2 * n - 1)
        self._index: dict[bytes, int] = {}
        for i, (leaf, content) in enumerate(leaves):
            pos = len(self._tree) - 1 - i
            self._tree[pos] = leaf
            self._index[content] = pos
        for i in range(len(self._tree) - 1 - n, -1, -1):
            self._tree[i] = hash_pair(self._tree[2 * i + 1], self._tree[2 * i + 2])
        self.size = n

    @property
    def root(self) -> bytes:
        return self._tree[0]

    def proof(self, content_hash: bytes) -> list[bytes]:
        try:
            i = self._index[content_hash]
        except KeyError:
            raise InputError("0x" + content_hash.hex() + " is not in this batch") from None
        out = []
        while i > 0:
            out.append(self._tree[i + 1 if i % 2 == 1 else i - 1])
            i = (i - 1) // 2
        return out


# -- proof files -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProofFile:
    """What `courtchain verify --proof` needs: the document's hash, the batch root and the proof."""

    content_hash: bytes
    root: bytes
    proof: list[bytes]
    file: str = ""
    chain_id: int = 0
    contract: str = ""
    tx_hash: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PROOF_FORMAT,
            "file": self.file,
            "contentHash": "0x" + self.content_hash.hex(),
            "leaf": "0x" + leaf_hash(self.content_hash).hex(),
            "root": "0x" + self.root.hex(),
            "proof": ["0x" + p.hex() for p in self.proof],
            "leafEncoding": LEAF_ENCODING,
            "chainId": self.chain_id,
            "contract": self.contract,
            "txHash": self.tx_hash,
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n")


def _hex32(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise InputError(f"proof file: {what} must be a hex string")
    s = value.removeprefix("0x")
    if len(s) != 64:
        raise InputError(f"proof file: {what} must be 32 bytes of hex")
    try:
        return bytes.fromhex(s)
    except ValueError:
        raise InputError(f"proof file: {what} is not hex") from None


def read_proof(path: str | os.PathLike[str]) -> ProofFile:
    p = Path(path)
    try:
        data = json.loads(p.read_text())
    except FileNotFoundError:
        raise InputError(f"no such proof file: {p}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read proof file {p}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != PROOF_FORMAT:
        raise InputError(f"{p} is not a courtchain proof file (format {PROOF_FORMAT})")
    proof = data.get("proof")
    if not isinstance(proof, list):
        raise InputError("proof file: proof must be a list")
    return ProofFile(
        content_hash=_hex32(data.get("contentHash"), "contentHash"),
        root=_hex32(data.get("root"), "root"),
        proof=[_hex32(x, "proof element") for x in proof],
        file=str(data.get("file", "")),
        chain_id=int(data.get("chainId", 0)),
        contract=str(data.get("contract", "")),
        tx_hash=str(data.get("txHash", "")),
    )
