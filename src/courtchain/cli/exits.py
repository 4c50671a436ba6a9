"""The exit codes of `courtchain` and the one place that maps an error to its code (the table: docs/exit-codes.md).

Under `--json` an error is one JSON object on stdout, `{"error": {"code", "message", "exit_code", ...}}`, with the
same exit code as without it; otherwise it is one line on stderr.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import click

from ..errors import (
    AccountError,
    BuildError,
    ChainError,
    ContractRevert,
    CourtchainError,
    DeploymentError,
    InputError,
    NotFoundError,
    SignerError,
    TransactionFailed,
    UsageError,
)


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # refused: by a contract, or by a check of the tooling (input that contradicts the chain's state or
    # the command's rules), not found, a failed transaction, a wrong key or deployment record
    USAGE = 2  # what was typed is wrong (unknown command or option, malformed or out-of-range value, no such file)
    CHAIN = 3  # the node is unreachable, went away in the middle of a command, or did not answer in time
    PAUSED = 4  # a deployment from a plan paused (resume with --resume)
    SIGNER = 5  # a remote signer is unreachable, lacks the account, refuses, or returned another transaction
    UNEXPECTED = 70  # a defect of the tooling (COURTCHAIN_DEBUG=1 shows the traceback)
    INTERRUPTED = 130  # Ctrl-C


class CommandFailed(CourtchainError):
    """A command refuses to go on (a precondition it checks itself) with an exit code of the table."""

    def __init__(self, message: str, exit_code: int = ExitCode.FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _connection_errors() -> tuple[type[BaseException], ...]:
    """Exception types meaning the node went away or did not answer (imported here, when an error is mapped)."""
    import requests
    from web3.exceptions import ProviderConnectionError, TimeExhausted

    return (
        ConnectionError,
        TimeoutError,
        requests.exceptions.ConnectionError,
        requests.exceptions.Timeout,
        ProviderConnectionError,
        TimeExhausted,
    )


# (error type, exit code, code in JSON): the first match wins, so subclasses come before their bases.
_TYPED: tuple[tuple[type[BaseException], ExitCode, str], ...] = (
    (UsageError, ExitCode.USAGE, "bad_input"),
    (SignerError, ExitCode.SIGNER, "signer"),
    (InputError, ExitCode.FAILED, "rejected_input"),
    (ContractRevert, ExitCode.FAILED, "contract_refused"),
    (TransactionFailed, ExitCode.FAILED, "transaction_failed"),
    (NotFoundError, ExitCode.FAILED, "not_found"),
    (AccountError, ExitCode.FAILED, "account"),
    (DeploymentError, ExitCode.FAILED, "deployment"),
    (BuildError, ExitCode.FAILED, "build"),
    (ChainError, ExitCode.CHAIN, "chain_unreachable"),
)


def classify(exc: BaseException) -> tuple[int, str, str, dict[str, Any]]:
    """(exit code, error code, one-line message, details) of an error that ends a command."""
    from ..plan_deploy import DeploymentPaused

    if isinstance(exc, click.exceptions.NoSuchOption) and exc.option_name.lstrip("-").isdigit():
        message = (
            f"{exc.option_name} is not an option: a number here (an id, amount or time) is a whole number, "
            "never negative; ids count from 1"
        )
        return ExitCode.USAGE, "usage", message, {"argument": exc.option_name}
    if isinstance(exc, click.ClickException):
        details: dict[str, Any] = {}
        if isinstance(exc, click.BadParameter) and exc.param is not None and exc.param.name:
            details["parameter"] = exc.param.name
        return exc.exit_code, "usage", exc.format_message(), details
    if isinstance(exc, click.Abort):
        return ExitCode.INTERRUPTED, "interrupted", "aborted", {}
    if isinstance(exc, KeyboardInterrupt):
        return ExitCode.INTERRUPTED, "interrupted", "interrupted", {}
    if isinstance(exc, DeploymentPaused):
        return ExitCode.PAUSED, "deployment_paused", str(exc), {}
    if isinstance(exc, CommandFailed):
        return exc.exit_code, "usage" if exc.exit_code == ExitCode.USAGE else "failed", str(exc), {}
    for kind, exit_code, code in _TYPED:
        if isinstance(exc, kind):
            return exit_code, code, str(exc), _details(exc)
    if isinstance(exc, CourtchainError):
        return ExitCode.FAILED, "failed", str(exc), {}
    if isinstance(exc, _connection_errors()):
        return ExitCode.CHAIN, "chain_unreachable", f"the node went away or did not answer: {exc}", {}
    from eth_abi.exceptions import EncodingError

    if isinstance(exc, EncodingError):  # a value no option check caught: still the user's input, never a crash
        return ExitCode.USAGE, "bad_input", f"a value does not fit its ABI type: {exc}", {}
    return ExitCode.UNEXPECTED, "unexpected", f"unexpected {type(exc).__name__}: {exc}", {}


def _details(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, ContractRevert):
        from .session import snake_case, to_jsonable

        return {
            "contract": exc.contract,
            "error": exc.error,
            "arguments": {snake_case(k): to_jsonable(v) for k, v in exc.arguments.items()},
            "tx_hash": exc.tx_hash,
        }
    if isinstance(exc, TransactionFailed):
        return {"tx_hash": exc.tx_hash}
    if isinstance(exc, InputError) and exc.option:
        return {"option": exc.option}
    return {}


def wants_json(argv: list[str]) -> bool:
    """Whether the command line asks for --json (before a `--` that ends the options)."""
    args = argv[: argv.index("--")] if "--" in argv else argv
    return "--json" in args


__all__ = ["CommandFailed", "ExitCode", "classify", "wants_json"]
