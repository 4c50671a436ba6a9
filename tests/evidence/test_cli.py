"""The CLI end to end against a real node: the issue's "done when" — a folder of 1,000 files anchored in ONE
transaction, any one verified with its proof, a file changed by one byte refused with a clear message — and single
anchoring, duplicates, revocation, service and acknowledgement."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from courtchain.chain import Chain, LocalNode
from tests.helpers import run_cli


@pytest.fixture(scope="module")
def rpc() -> Iterator[str]:
    with LocalNode() as node:
        yield node.url


def _ok(*args: str, rpc: str) -> str:
    r = run_cli(*args, rpc=rpc)
    assert r.returncode == 0, r.stderr + r.stdout
    return str(r.stdout)


def test_folder_of_1000_files_in_one_transaction(rpc: str, tmp_path: Path) -> None:
    folder = tmp_path / "case-2026-0001"
    folder.mkdir()
    for i in range(1000):
        (folder / f"doc-{i:04d}.txt").write_bytes(f"document {i}\n".encode() + os.urandom(64))
    out = tmp_path / "proofs"
    data = json.loads(
        _ok(
            "evidence", "anchor", str(folder), "--kind", "archive", "--case", "17", "--out", str(out), "--json", rpc=rpc
        )
    )
    assert data["count"] == 1000
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["documents"]) == 1000 and manifest["root"] == data["root"]
    # ONE transaction: the receipt's block holds exactly one transaction, and it emitted one BatchAnchored
    chain = Chain(rpc)
    receipt = chain.w3.eth.get_transaction_receipt(data["tx_hash"])
    assert receipt["status"] == 1 and len(receipt["logs"]) == 1
    assert len(chain.w3.eth.get_block(receipt["blockNumber"])["transactions"]) == 1
    assert data["gas_used"] / 1000 <= 60

    doc = folder / "doc-0421.txt"
    proof = out / "doc-0421.txt.proof.json"
    text = _ok("verify", str(doc), "--proof", str(proof), rpc=rpc)
    assert "ON CHAIN" in text and "in a batch" in text and "archive" in text and "17" in text
    assert "Beijing Internet Court" in text and "in force" in text

    v = json.loads(_ok("verify", str(doc), "--proof", str(proof), "--json", rpc=rpc))
    assert v["on_chain"] is True and v["status"] == "active"
    (anchor,) = v["anchors"]
    assert anchor["member_name"] == "Beijing Internet Court" and anchor["capacity_text"] == "registrar"

    # one byte changed: refused, in plain words, non-zero exit
    raw = bytearray(doc.read_bytes())
    raw[3] ^= 0x01
    doc.write_bytes(bytes(raw))
    r = run_cli("verify", str(doc), "--proof", str(proof), rpc=rpc)
    assert r.returncode == 1
    assert "DIFFERS" in r.stdout and "matches no record" in r.stdout and "one changed byte" in r.stdout.lower()
    # without the proof, the changed file matches no single record either
    r = run_cli("verify", str(doc), rpc=rpc)
    assert r.returncode == 1 and "matches NO record" in r.stdout
    # a proof of another document does not verify this one
    r = run_cli("verify", str(folder / "doc-0001.txt"), "--proof", str(proof), rpc=rpc)
    assert r.returncode == 1 and "DIFFERS" in r.stdout


def test_single_file_anchor_verify_duplicate_revoke(rpc: str, tmp_path: Path) -> None:
    f = tmp_path / "judgment.pdf"
    f.write_bytes(b"%PDF judgment " + os.urandom(32))
    out = _ok("evidence", "anchor", str(f), "--kind", "judgment", "--case", "3", "--as", "judge", rpc=rpc)
    assert "anchored" in out
    text = _ok("verify", str(f), rpc=rpc)
    assert "ON CHAIN" in text and "on its own" in text and "judgment" in text and "as an institution" in text
    r = run_cli("evidence", "anchor", str(f), "--kind", "judgment", "--as", "judge", rpc=rpc)
    assert r.returncode == 1 and "already anchored" in r.stderr and "Traceback" not in r.stderr
    # a party anchors its own evidence as itself
    e = tmp_path / "photo.jpg"
    e.write_bytes(os.urandom(100))
    _ok("evidence", "anchor", str(e), "--as", "litigant", "--role", "party", rpc=rpc)
    assert "as a party" in _ok("verify", str(e), rpc=rpc)
    # supersession by the judge: verify says so and exits 4
    new = tmp_path / "judgment-corrected.pdf"
    new.write_bytes(b"%PDF corrected " + os.urandom(32))
    _ok("evidence", "revoke", str(f), "--superseded-by", str(new), "--as", "judge", rpc=rpc)
    r = run_cli("verify", str(f), rpc=rpc)
    assert r.returncode == 4 and "SUPERSEDED" in r.stdout
    # bad input: one line, non-zero
    r = run_cli("verify", str(tmp_path / "missing.pdf"), rpc=rpc)
    assert r.returncode == 2 and r.stderr.startswith("error: FILE: no such file:")  # a usage error, nothing asked


def test_serve_and_acknowledge(rpc: str, tmp_path: Path) -> None:
    summons = tmp_path / "summons.pdf"
    summons.write_bytes(b"summons " + os.urandom(32))
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"receipt " + os.urandom(32))
    salt = "0x" + "22" * 32
    served = json.loads(
        _ok(
            "serve",
            str(summons),
            "--case",
            "3",
            "--salt",
            salt,
            "--id-type",
            "passport",
            "--id-number",
            "E1234567",
            "--case-ref",
            "京0491收2026-0003",
            "--recipient-account",
            "debtor",
            "--json",
            rpc=rpc,
        )
    )
    sid = str(served["service_id"])
    assert "pending" in _ok("evidence", "service", sid, rpc=rpc)
    # the served document is anchored as such
    assert "served document" in _ok("verify", str(summons), rpc=rpc)
    # the recipient signs, the court relays
    out = _ok("acknowledge", sid, str(receipt), "--as", "debtor", "--relay-by", "clerk", rpc=rpc)
    assert "acknowledged" in out and "relayed" in out
    assert "acknowledged" in _ok("evidence", "service", sid, rpc=rpc)
    assert "receipt of service" in _ok("verify", str(receipt), rpc=rpc)
    r = run_cli("acknowledge", sid, str(receipt), "--as", "debtor", rpc=rpc)
    assert r.returncode == 1 and "already acknowledged" in r.stderr
    r = run_cli("acknowledge", sid, str(receipt), "--as", "litigant", rpc=rpc)
    assert r.returncode == 1 and "not the recipient account" in r.stderr


def test_several_files_make_one_batch(rpc: str, tmp_path: Path) -> None:
    files = []
    for i in range(3):
        f = tmp_path / f"exhibit-{i}.pdf"
        f.write_bytes(os.urandom(40))
        files.append(str(f))
    out = tmp_path / "out"
    data = json.loads(_ok("evidence", "anchor", *files, "--kind", "case-file", "--out", str(out), "--json", rpc=rpc))
    assert data["count"] == 3 and data["capacity"] == "institution" and data["role"] == "registrar"
    text = _ok("verify", files[1], "--proof", str(out / "exhibit-1.pdf.proof.json"), rpc=rpc)
    assert "case file" in text and "in a batch" in text
    # a wrong proof file for the right document: not verified
    bad = json.loads((out / "exhibit-1.pdf.proof.json").read_text())
    bad["proof"] = [*reversed(bad["proof"]), "0x" + "00" * 32]
    (out / "bad.json").write_text(json.dumps(bad))
    r = run_cli("verify", files[1], "--proof", str(out / "bad.json"), rpc=rpc)
    assert r.returncode == 1 and "NOT VERIFIED" in r.stdout
