"""`courtchain`: one console command, a subcommand per task.

Errors a user can cause end as one line on stderr (under --json: one JSON object on stdout) and an exit code from the
table in docs/exit-codes.md (exits.py maps every error to it). Set COURTCHAIN_DEBUG=1 to see a traceback for an
unexpected failure.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

import click

from .console import err_console
from .exits import ExitCode, classify, wants_json
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
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=args, prog_name="courtchain", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except (Exception, KeyboardInterrupt) as exc:  # one map from error to exit code: exits.classify
        exit_code, code, message, details = classify(exc)
        if exit_code == ExitCode.UNEXPECTED and os.environ.get("COURTCHAIN_DEBUG"):
            traceback.print_exc()
        if wants_json(args):
            error = {"code": code, "message": message, "exit_code": exit_code, **details}
            click.echo(json.dumps({"error": error}, indent=2, ensure_ascii=False))
        elif exit_code == ExitCode.PAUSED:
            err_console.print(f"paused: {message}", markup=False)
        elif code != "interrupted" or message == "aborted":
            err_console.print(f"error: {message}", markup=False)
        sys.exit(exit_code)
