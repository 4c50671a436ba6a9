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


# -- linkage: values shared by the logs of two cases of one person (issue 18) ------------------------------------

# Words below this are numbers (ids, counts, times, enum values, amounts up to 7.9·10^28 base units): public facts
# of a case, not identifiers of a person. Addresses (160 bits) and hashes (256 bits) lie above it.
NUMBER_BOUND = 2**96

Where = tuple[str, str]  # (emitting contract's address, event topic0), both 0x-hex lower case


def log_words(chain: Chain, blocks: range) -> dict[bytes, set[Where]]:
    """Every 32-byte word of every log (its topics after topic0, and its data cut into words) emitted in `blocks`,
    with where it appeared. A 20-byte address sits in a word left-padded with zeros, so addresses are words too."""
    logs = chain.rpc("eth_getLogs", [{"fromBlock": hex(blocks.start), "toBlock": hex(blocks.stop - 1)}])
    out: dict[bytes, set[Where]] = {}
    for log in logs:
        where = (str(log["address"]).lower(), str(log["topics"][0]).lower() if log["topics"] else "")
        data = bytes.fromhex(log["data"][2:])
        words = [bytes.fromhex(t[2:]) for t in log["topics"][1:]]
        words += [data[i : i + 32] for i in range(0, len(data) - len(data) % 32, 32)]
        for w in words:
            out.setdefault(w, set()).add(where)
    return out


def linkage(
    cases: list[dict[bytes, set[Where]]],
    control: dict[bytes, set[Where]],
    allowed: dict[bytes, set[Where]] | None = None,
) -> list[str]:
    """Values (not numbers) that appear in the logs of two of `cases` (cases of one person) and not in `control` (a
    case of another person, run by the same courts: staff accounts, contracts, case types, the token...). A value in
    `allowed` is accepted only where it is allowed (e.g. the credit key in the credit registry)."""
    allowed = allowed or {}
    found = []
    for i in range(len(cases)):
        for j in range(i + 1, len(cases)):
            for w in sorted(cases[i].keys() & cases[j].keys()):
                if w in control or int.from_bytes(w, "big") < NUMBER_BOUND:
                    continue
                if w in allowed and cases[i][w] | cases[j][w] <= allowed[w]:
                    continue
                places = sorted(cases[i][w] | cases[j][w])
                found.append(f"0x{w.hex()} in cases {i + 1} and {j + 1} at {places}")
    return found
