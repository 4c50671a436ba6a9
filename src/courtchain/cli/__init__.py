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
from .console import err_console
from .lazy import COMMANDS, LazyGroup


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    package=__name__,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
)
@click.version_option(package_name="courtchain")
def cli() -> None:
    """courtchain: auditable court procedures on a consortium chain.

    A command that writes needs the chain: --rpc URL or COURTCHAIN_RPC (or --throwaway for a throwaway local anvil);
    --as or COURTCHAIN_AS chooses the signer, and development keys sign only on development chains. A command that
    reads, without --rpc, starts a throwaway anvil with a fresh deployment and says so.
    """


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
        if type(exc).__name__ == "DeploymentPaused":  # plan_deploy's, not imported unless a command needs it
            err_console.print(f"paused: {exc}", markup=False)
            sys.exit(4)
        err_console.print(f"error: {exc}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one line, never a traceback unless asked
        if os.environ.get("COURTCHAIN_DEBUG"):
            traceback.print_exc()
        err_console.print(f"error: unexpected {type(exc).__name__}: {exc}", markup=False)
        sys.exit(70)
