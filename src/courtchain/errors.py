"""Exceptions of the tooling. Every failure a user can cause is one of these, with a one-line message."""

from __future__ import annotations

import re
from typing import Any


class CourtchainError(Exception):
    """Base of every error the tooling reports to a user as one clear line."""


class BuildError(CourtchainError):
    """The contracts did not compile, or the compiler is not installed."""


class ChainError(CourtchainError):
    """The node is unreachable, went away, or did not answer in time."""


class AccountError(CourtchainError):
    """A key, keystore or password is missing or wrong."""


class DeploymentError(CourtchainError):
    """The deployment record is missing, stale or does not match the chain."""


class InputError(CourtchainError):
    """Input from the user is malformed (address, hash, id, file); `option` names the option or argument if known."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


class UsageError(InputError):
    """What was typed cannot be what the option or argument takes (not a number in its ABI range, not an address,
    neither a 32-byte hash nor a file, a path that cannot be written): refused before anything is sent."""


class NotFoundError(CourtchainError):
    """The thing asked for does not exist on chain."""


class TransactionFailed(CourtchainError):
    """A transaction was mined but reverted without a decodable reason, or ran out of gas."""

    def __init__(self, message: str, tx_hash: str | None = None) -> None:
        super().__init__(message)
        self.tx_hash = tx_hash


class ContractRevert(CourtchainError):
    """A call or transaction reverted with a custom error (or a reason string) that was decoded.

    `error` is the custom error's name, `arguments` its arguments by name; `contract` names the contract called.
    """

    def __init__(self, contract: str, error: str, args: dict[str, Any], tx_hash: str | None = None) -> None:
        self.contract = contract
        self.error = error
        self.arguments = args
        self.tx_hash = tx_hash
        rendered = ", ".join(f"{k}={_render(v)}{_as_time(k, v)}" for k, v in args.items())
        super().__init__(f"{contract} refused: {error}({rendered})")


_TIME_ARGUMENT = re.compile(r"[a-z0-9](At|Until)$|^(deadline|earliest|now_?|notBefore)$")


def _as_time(name: str, v: Any) -> str:
    """` (2027-03-01T10:00:00+08:00)` after an error argument that is a time (closesAt, possibleAt, deadline, ...):
    the exact Unix seconds stay for a program, the ISO 8601 Beijing time is for the person reading."""
    if isinstance(v, int) and not isinstance(v, bool) and 0 < v < 2**40 and _TIME_ARGUMENT.search(name):
        from .units import format_time

        return f" ({format_time(v)})"
    return ""


def _render(v: Any) -> str:
    if isinstance(v, bytes):
        return "0x" + v.hex()
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_render(x) for x in v) + "]"
    return str(v)


class SignerError(CourtchainError):
    """A remote signer is unreachable, does not hold the account, refuses to sign, or answered with a transaction
    other than the one asked for (CLI exit code 5). The message names the signer's URL and the account."""
