"""`courtchain`: one console command, a subcommand per task.

Errors a user can cause end as one line on stderr and a non-zero exit: 1 for a refused or failed operation, 2 for
bad usage, 3 for a node that is unreachable or failed, 4 for a deployment paused for other members' approvals,
5 for a remote signer that is unreachable, refuses, or answers with another transaction than the one asked for.
Set COURTCHAIN_DEBUG=1 to see a traceback for an unexpected failure.
"""

from __future__ import annotations

import os
import sys
import traceback

import click

from ..errors import ChainError, ContractRevert, CourtchainError, SignerError
from ..plan_deploy import DeploymentPaused
from . import (
    agreement,
    audit,
    case,
    consortium,
    credit,
    demo,
    enforce,
    evidence,
    index,
    keeper,
    network,
    plan,
    portal,
    toolchain,
)
from .session import err_console

COMMAND_MODULES = (
    toolchain,
    plan,
    consortium,
    case,
    agreement,
    credit,
    enforce,
    evidence,
    portal,
    keeper,
    index,
    audit,
    demo,
    network,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="courtchain")
def cli() -> None:
    """courtchain: auditable court procedures on a consortium chain.

    Without --rpc, a command starts a throwaway local anvil, deploys the suite on it and stops it when done.
    """


for _module in COMMAND_MODULES:
    _module.register(cli)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="courtchain", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        err_console.print("error: aborted", markup=False)
        sys.exit(130)
    except click.ClickException as exc:
        err_console.print(f"error: {exc.format_message()}", markup=False)
        sys.exit(exc.exit_code)
    except DeploymentPaused as exc:
        err_console.print(f"paused: {exc}", markup=False)
        sys.exit(4)
    except SignerError as exc:
        err_console.print(f"error: {exc}", markup=False)
        sys.exit(5)
    except ContractRevert as exc:
        err_console.print(f"error: {exc}", markup=False)
        sys.exit(1)
    except ChainError as exc:
        err_console.print(f"error: {exc}", markup=False)
        sys.exit(3)
    except CourtchainError as exc:
        err_console.print(f"error: {exc}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one line, never a traceback unless asked
        if os.environ.get("COURTCHAIN_DEBUG"):
            traceback.print_exc()
        err_console.print(f"error: unexpected {type(exc).__name__}: {exc}", markup=False)
        sys.exit(70)
