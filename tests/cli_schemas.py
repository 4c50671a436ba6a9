"""The JSON Schema of each command's --json output (schemas/cli/<command>.json, draft 2020-12) and of an error
(schemas/cli/error.json): `check_output` validates what a command printed against the schema it must follow."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import click
from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas" / "cli"


def command_path(args: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The subcommand names at the start of a command line, e.g. ("case", "show") for `case show 3 --json`."""
    from courtchain.cli import cli

    cli.load_all()  # the group loads its commands lazily: a command run in another process is not loaded here
    path: list[str] = []
    cmd: click.Command = cli
    for a in args:
        if not isinstance(cmd, click.Group) or a not in cmd.commands:
            break
        cmd = cmd.commands[a]
        path.append(a)
    return tuple(path)


def schema_name(path: tuple[str, ...]) -> str:
    return "-".join(path) + ".json"


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def check_output(args: tuple[str, ...] | list[str], stdout: str, returncode: int) -> None:
    """Validate the --json output of `courtchain ARGS` (an error object if it failed; a keeper run prints one JSON
    object per line)."""
    text = stdout.strip()
    if not text:
        return
    name = "error.json" if returncode != 0 and text.startswith('{\n  "error"') else schema_name(command_path(args))
    docs: list[Any]
    try:
        docs = [json.loads(text)]
    except json.JSONDecodeError:
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    samples = os.environ.get("COURTCHAIN_SCHEMA_SAMPLES")
    if samples:  # collect outputs to write or review a schema with (scripts/cli_schema_infer.py)
        folder = Path(samples) / name.removesuffix(".json")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{len(list(folder.iterdir()))}.json").write_text(json.dumps(docs), encoding="utf-8")
        if not (SCHEMAS / name).exists():
            return
    for doc in docs:
        errors = sorted(validator(name).iter_errors(doc), key=lambda e: list(e.absolute_path))
        assert not errors, f"`courtchain {' '.join(args)}` does not follow {name}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:5]
        )
