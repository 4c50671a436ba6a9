"""Exceptions of the tooling. Every failure a user can cause is one of these, with a one-line message."""

from __future__ import annotations

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
        rendered = ", ".join(f"{k}={_render(v)}" for k, v in args.items())
        super().__init__(f"{contract} refused: {error}({rendered})")


def _render(v: Any) -> str:
    if isinstance(v, bytes):
        return "0x" + v.hex()
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_render(x) for x in v) + "]"
    return str(v)


class SignerError(CourtchainError):
    """A remote signer is unreachable, does not hold the account, refuses to sign, or answered with a transaction
    other than the one asked for (CLI exit code 5). The message names the signer's URL and the account."""
