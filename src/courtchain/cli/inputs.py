"""What a user types, checked before anything is sent: whole numbers against their ABI type, addresses with their
EIP-55 checksum, 32-byte hashes or files, paths to write. Every message says what was wrong with the input."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import InputError, UsageError

_HEX = re.compile(r"[0-9a-fA-F]*")


def _range_text(minimum: int, bits: int) -> str:
    top = 2**bits - 1
    return f"{minimum}..{top}" if bits <= 64 else f"{minimum}..2**{bits}-1"


def parse_int(value: str, what: str, *, bits: int = 256, minimum: int = 0) -> int:
    """A whole number that fits a uint`bits` of the ABI (and is at least `minimum`), or an InputError naming `what`
    and the range."""
    text = value.strip()
    try:
        n = int(text, 0)
    except ValueError:
        raise UsageError(
            f"{what} must be a whole number in {_range_text(minimum, bits)}, got {value!r}", option=what
        ) from None
    if not minimum <= n < 2**bits:
        shown = text if len(text) <= 24 else f"{text[:10]}…({len(text)} digits)"
        raise UsageError(
            f"{what} is out of range: {shown} is not in {_range_text(minimum, bits)} (uint{bits})", option=what
        )
    return n


def parse_id(value: str, what: str, noun: str = "an id", *, bits: int = 256) -> int:
    """An id: a whole number from 1 (`what` names the argument, `noun` says what it is)."""
    try:
        return parse_int(value, what, bits=bits, minimum=1)
    except InputError:
        raise UsageError(f"{what}: {noun} is a whole number from 1, got {value!r}", option=what) from None


class UInt(click.ParamType):
    """A click type for a whole number that fits uint`bits` (a message naming the option and its range)."""

    name = "integer"

    def __init__(self, bits: int = 256, minimum: int = 0) -> None:
        self.bits = bits
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            value = str(value)
        what = (param.opts[0] if param is not None and param.opts[0].startswith("-") else None) or (
            param.name.upper() if param is not None and param.name else "value"
        )
        try:
            return parse_int(value, what, bits=self.bits, minimum=self.minimum)
        except InputError as exc:
            self.fail(str(exc), param, ctx)


UINT = UInt()
UINT32 = UInt(bits=32)


def check_address(text: str, what: str) -> str:
    """A 20-byte address: 0x and 40 hex digits; mixed case must be a valid EIP-55 checksum (all-lowercase or
    all-uppercase skips the check). Returns the checksummed address."""
    from eth_utils import is_checksum_address, to_checksum_address

    if text == "":
        raise UsageError(f"{what}: the argument is empty (expected an address, 0x and 40 hex digits)", option=what)
    body = text[2:] if text[:2] in ("0x", "0X") else None
    if body is None:
        raise UsageError(f"{what}: {text!r} is not an address (it does not start with 0x)", option=what)
    if not _HEX.fullmatch(body):
        raise UsageError(f"{what}: {text!r} is not an address (it has characters that are not hex digits)", option=what)
    if len(body) != 40:
        size = "too short" if len(body) < 40 else "too long"
        raise UsageError(
            f"{what}: {text!r} is not an address ({size}: {len(body)} hex digits, an address has 40)", option=what
        )
    mixed = body != body.lower() and body != body.upper()
    if mixed and not is_checksum_address("0x" + body):
        raise UsageError(
            f"{what}: {text!r} fails its EIP-55 checksum (a mistyped character?); expected "
            f"{to_checksum_address('0x' + body.lower())} if the digits are right, or give it all in lowercase",
            option=what,
        )
    return str(to_checksum_address("0x" + body.lower()))


def address_or_account(text: str, what: str, account: Callable[[str], Any]) -> str:
    """An address (see `check_address`), or the address of a named account (`account(name)`)."""
    if text == "" or text[:2] in ("0x", "0X"):
        return check_address(text, what)
    return str(account(text).address)


def existing_file(text: str, what: str) -> Path:
    """A file that exists and can be read."""
    if text == "":
        raise UsageError(f"{what}: the argument is empty (expected a file)", option=what)
    p = Path(text)
    if p.is_dir():
        raise UsageError(f"{what}: {text} is a folder, not a file", option=what)
    if not p.exists():
        raise UsageError(f"{what}: no such file: {text}", option=what)
    if not os.access(p, os.R_OK):
        raise UsageError(f"{what}: {text} cannot be read (permissions)", option=what)
    return p


def hash_or_file(text: str, what: str) -> bytes:
    """A 32-byte hash (0x and 64 hex digits, or 64 hex digits), or the SHA-256 of an existing file."""
    if text == "":
        raise UsageError(f"{what}: the argument is empty (expected a file or a 32-byte hash)", option=what)
    p = Path(text)
    if p.is_file():
        return hashlib.sha256(existing_file(text, what).read_bytes()).digest()
    body = text[2:] if text[:2] in ("0x", "0X") else text
    if len(body) == 64 and _HEX.fullmatch(body):
        return bytes.fromhex(body)
    if text[:2] in ("0x", "0X"):
        if not _HEX.fullmatch(body):
            why = "it has characters that are not hex digits"
        else:
            why = f"{len(body)} hex digits, a 32-byte hash has 64"
        raise UsageError(f"{what}: {text!r} is not a 32-byte hash ({why}) nor a file", option=what)
    if p.is_dir():
        raise UsageError(f"{what}: {text} is a folder, not a file or a 32-byte hash", option=what)
    raise UsageError(f"{what}: no such file: {text} (nor is it a 32-byte hash)", option=what)


def output_file(text: str, what: str) -> Path:
    """A file path that can be written: its folder exists and is writable, and it is not a folder itself."""
    if text == "":
        raise UsageError(f"{what}: the argument is empty (expected a file to write)", option=what)
    p = Path(text)
    if p.is_dir():
        raise UsageError(f"{what}: {text} is a folder; give a file name", option=what)
    parent = p.parent
    if not parent.is_dir():
        raise UsageError(f"{what}: cannot write {text}: the folder {parent} does not exist", option=what)
    if not os.access(parent, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise UsageError(f"{what}: cannot write {text}: permission denied", option=what)
    return p


__all__ = [
    "UINT",
    "UINT32",
    "UInt",
    "address_or_account",
    "check_address",
    "existing_file",
    "hash_or_file",
    "output_file",
    "parse_id",
    "parse_int",
]


def hash_or_text(value: str | None, what: str) -> bytes:
    """A 32-byte hash given as 64 hex digits, or any other text hashed with keccak256 (a reference, not data)."""
    from eth_utils import keccak

    from ..clients.base import check_hash

    if not value:
        return b"\0" * 32
    stripped = value.removeprefix("0x")
    if len(stripped) == 64 and all(c in "0123456789abcdefABCDEF" for c in stripped):
        return check_hash(value, what)
    return bytes(keccak(text=value))


def choice(enum: Any, value: str, what: str) -> Any:
    """A member of `enum` (not its zero value) by its name in kebab case: `cram-down` for CRAM_DOWN."""
    names = {m.name.lower().replace("_", "-"): m for m in enum if m.value != 0}
    key = value.lower().replace("_", "-")
    if key not in names:
        raise InputError(f"unknown {what} {value!r}; known: {', '.join(names)}")
    return names[key]
