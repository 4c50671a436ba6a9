"""The off-chain half: streaming SHA-256 in bounded memory, the Merkle tree and proof files."""

from __future__ import annotations

import hashlib
import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from courtchain.errors import InputError
from courtchain.verify import (
    MerkleTree,
    ProofFile,
    hash_pair,
    leaf_hash,
    read_proof,
    sha256_file,
    verify_proof,
)


def test_sha256_file_matches_hashlib(tmp_path: Path) -> None:
    for size in (0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 17):
        data = os.urandom(size)
        p = tmp_path / f"f{size}"
        p.write_bytes(data)
        assert sha256_file(p) == hashlib.sha256(data).digest()
        assert sha256_file(p, chunk_size=4096) == hashlib.sha256(data).digest()


def test_one_gib_file_hashed_in_bounded_memory(tmp_path: Path) -> None:
    """A sparse 1 GiB file (with a few written bytes) is hashed while Python's peak allocation stays under 4 MiB."""
    p = tmp_path / "big.bin"
    size = 1 << 30
    with p.open("wb") as f:
        f.write(b"head")
        f.seek(size // 2)
        f.write(b"middle")
        f.truncate(size)
    assert p.stat().st_size == size
    tracemalloc.start()
    t0 = time.monotonic()
    try:
        digest = sha256_file(p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - t0
    assert peak < 4 * (1 << 20), f"peak Python allocation {peak} bytes while hashing 1 GiB"
    # the reference, computed independently in 8 MiB pieces
    ref = hashlib.sha256()
    with p.open("rb") as f:
        while chunk := f.read(8 << 20):
            ref.update(chunk)
    assert digest == ref.digest()
    assert elapsed < 120


def test_leaf_and_pair_encoding() -> None:
    from eth_utils import keccak

    h = bytes(range(32))
    assert leaf_hash(h) == keccak(keccak(h))  # abi.encode(bytes32) is the 32 bytes themselves
    a, b = b"\x01" * 32, b"\x02" * 32
    assert hash_pair(a, b) == hash_pair(b, a) == keccak(a + b)


def test_tree_shape_is_standard_merkle_tree() -> None:
    docs = [bytes([i]) * 32 for i in range(1, 4)]
    tree = MerkleTree(docs)
    leaves = sorted(leaf_hash(d) for d in docs)
    # StandardMerkleTree: tree = [n0, n1, n2, L2, L1, L0] with leaves sorted ascending, stored in reverse at the end
    t = [b""] * 5
    t[4], t[3], t[2] = leaves[0], leaves[1], leaves[2]
    t[1] = hash_pair(t[3], t[4])
    t[0] = hash_pair(t[1], t[2])
    assert tree.root == t[0]
    by_leaf = {leaf_hash(d): d for d in docs}
    assert tree.proof(by_leaf[leaves[0]]) == [t[3], t[2]]
    assert tree.proof(by_leaf[leaves[2]]) == [t[1]]
    for d in docs:
        assert verify_proof(d, tree.proof(d), tree.root)


def test_tree_refuses_empty_and_duplicates_and_unknown() -> None:
    with pytest.raises(InputError):
        MerkleTree([])
    with pytest.raises(InputError):
        MerkleTree([b"\x01" * 32, b"\x01" * 32])
    tree = MerkleTree([b"\x01" * 32, b"\x02" * 32])
    with pytest.raises(InputError):
        tree.proof(b"\x03" * 32)
    assert not verify_proof(b"\x03" * 32, tree.proof(b"\x01" * 32), tree.root)


def test_proof_file_round_trip_and_bad_files(tmp_path: Path) -> None:
    docs = [os.urandom(32) for _ in range(10)]
    tree = MerkleTree(docs)
    pf = ProofFile(docs[4], tree.root, tree.proof(docs[4]), "a.pdf", 31337, "0x" + "ab" * 20, "0x" + "cd" * 32)
    path = tmp_path / "a.pdf.proof.json"
    pf.write(path)
    assert read_proof(path) == pf
    data = json.loads(path.read_text())
    assert data["leaf"] == "0x" + leaf_hash(docs[4]).hex()
    with pytest.raises(InputError, match="no such proof file"):
        read_proof(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(InputError):
        read_proof(tmp_path / "bad.json")
    (tmp_path / "other.json").write_text(json.dumps({"format": "something else"}))
    with pytest.raises(InputError, match="not a courtchain proof file"):
        read_proof(tmp_path / "other.json")
    data["proof"] = ["0x12"]
    (tmp_path / "short.json").write_text(json.dumps(data))
    with pytest.raises(InputError, match="32 bytes"):
        read_proof(tmp_path / "short.json")
    with pytest.raises(InputError, match="not a file"):
        sha256_file(tmp_path)
