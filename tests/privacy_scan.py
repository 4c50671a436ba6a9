"""Scanning a chain for plaintext personal data: every transaction input and every log (topics and data) of every
block, searched for every form in which a name or an id number could leak. Shared by tests/credit/test_privacy.py
and tests/security/test_demo_privacy.py."""

from __future__ import annotations

from courtchain.chain import Chain


def forms(label: str, text: str) -> dict[str, bytes]:
    """UTF-8 bytes, their hex text (lower and upper case), UTF-16, and for an all-digit id the number itself."""
    raw = text.encode("utf-8")
    out = {
        label: raw,
        f"{label} (hex text)": raw.hex().encode(),
        f"{label} (HEX text)": raw.hex().upper().encode(),
        f"{label} (utf-16)": text.encode("utf-16-be"),
    }
    if text.isdigit() and len(text) >= 6:
        out[f"{label} as uint"] = int(text).to_bytes(32, "big").lstrip(b"\0")
    return out


def chain_bytes(chain: Chain) -> list[tuple[str, bytes]]:
    """(where, bytes) for every transaction input and every log topic and data field of every block."""
    blobs: list[tuple[str, bytes]] = []
    for number in range(chain.block_number() + 1):
        block = chain.rpc("eth_getBlockByNumber", [hex(number), True])
        for tx in block["transactions"]:
            blobs.append((f"block {number} tx {tx['hash']} input", bytes.fromhex(tx["input"][2:])))
            receipt = chain.rpc("eth_getTransactionReceipt", [tx["hash"]])
            for log in receipt["logs"]:
                where = f"block {number} tx {tx['hash']} log {int(log['logIndex'], 16)}"
                blobs.append((where + " data", bytes.fromhex(log["data"][2:])))
                blobs.extend((where + " topic", bytes.fromhex(t[2:])) for t in log["topics"])
    return blobs


def leaks(blobs: list[tuple[str, bytes]], wanted: dict[str, bytes]) -> list[str]:
    found = []
    for where, data in blobs:
        lowered = data.lower()
        for label, needle in wanted.items():
            if needle in data or (needle.isascii() and needle.lower() in lowered):
                found.append(f"{label} in {where}")
    return found
