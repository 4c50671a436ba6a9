"""The integrator's contract of `courtchain`: snake_case JSON with a schema per command, errors as JSON under --json,
the documented exit codes, and input checked (with a message about what was typed) before anything is sent."""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import click
import pytest
import requests

from courtchain.accounts import dev_accounts
from courtchain.chain import LocalNode
from courtchain.cli import cli
from tests.cli_schemas import SCHEMAS, schema_name, validator
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
BIG = str(2**300)
C1 = "0x" + "ab" * 32
C2 = "0x" + "cd" * 32

Cli = Callable[..., Any]


class ExitCode:  # docs/exit-codes.md; test_the_exit_code_table_is_the_codes_the_cli_uses checks courtchain.cli.exits
    FAILED = 1
    USAGE = 2
    CHAIN = 3


@pytest.fixture
def courtchain(node: LocalNode, deployments_dir: Path) -> Cli:
    """`courtchain ARGS --rpc NODE` against the suite the fixtures deployed (its record in deployments_dir)."""

    def run(*args: str, rpc: str | None = None) -> Any:
        return run_cli(*args, rpc=rpc or node.url, env={"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)})

    return run


@pytest.fixture
def document(tmp_path: Path) -> str:
    p = tmp_path / "agreement.pdf"
    p.write_bytes(b"mediation agreement no. 2026-23")
    return str(p)


def _create(document: str, *extra: str, debtor: str = "debtor", instalment: str = "300@+1d") -> list[str]:
    return [
        "agreement", "create",
        "--debtor", debtor, "--creditor", "creditor",
        "--debtor-commitment", C1, "--creditor-commitment", C2,
        "--document", document, "--instalment", instalment,
        "--consequence", "enforcement", *extra,
    ]  # fmt: skip


def _usage_error(out: Any, *needles: str) -> str:
    assert out.returncode == ExitCode.USAGE, (out.returncode, out.stdout, out.stderr)
    err = out.stderr.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, err
    return str(err)


def _json_error(out: Any, exit_code: int, code: str) -> dict[str, Any]:
    assert out.returncode == exit_code, (out.returncode, out.stdout, out.stderr)
    error = json.loads(out.stdout)["error"]
    assert error["code"] == code and error["exit_code"] == exit_code, error
    assert not [ln for ln in out.stderr.splitlines() if ln.startswith("error")], out.stderr
    return dict(error)


# -- numbers beyond their ABI type: a usage error naming the option and its range, never `unexpected` -------------


COURT = [("case", "configure-court", "1", "京", "0491"), ("case", "set-type", "1", "民初", "--window", "1h")]


@pytest.mark.parametrize(
    ("before", "args", "option"),
    [
        (COURT, ["case", "file", "--type", "民初", "--plaintiff", C1, "--defendant", C2, "--claim", BIG], "--claim"),
        ([], ["credit", "check", C1, "--at", BIG], "--at"),
        ([("enforce", "open", C2, "creditor", "1000")], ["enforce", "distribute", "1", "--page", BIG], "--page"),
        ([], "instalment", "--instalment"),
    ],
)
def test_a_number_too_large_for_its_type_is_a_usage_error(
    courtchain: Cli, document: str, before: list[tuple[str, ...]], args: Any, option: str
) -> None:
    for step in before:  # what the command needs to get as far as sending (where 2**300 used to crash it)
        assert courtchain(*step).returncode == 0
    argv = _create(document, instalment=f"{BIG}@+30d") if args == "instalment" else args
    _usage_error(courtchain(*argv), option, "out of range", "2**256-1")
    error = _json_error(courtchain(*argv, "--json"), ExitCode.USAGE, "bad_input")
    assert error["option"].startswith(option) and "2**256-1" in error["message"]


# -- messages that say what was wrong with what was typed ------------------------------------------------------------


def test_messages_say_what_was_wrong(courtchain: Cli, document: str, tmp_path: Path) -> None:
    _usage_error(courtchain(*_create(document, debtor="0x1234")), "--debtor", "not an address", "too short")
    _usage_error(courtchain("evidence", "revoke", "0x1234"), "not a 32-byte hash", "nor a file")
    missing = str(tmp_path / "missing.pdf")
    args = _create(document)
    args[args.index("--document") + 1] = missing
    _usage_error(courtchain(*args), "--document", f"no such file: {missing}")
    _usage_error(courtchain("verify", ""), "empty")
    _usage_error(courtchain("case", "show", "-1"), "a case id is a whole number from 1")
    _usage_error(
        courtchain("agreement", "sign", "1", "--offline", "--out", "/nonexistent/x.json"),
        "--out",
        "cannot write /nonexistent/x.json",
    )


def test_an_address_with_a_wrong_eip55_checksum_is_refused_and_lowercase_accepted(
    courtchain: Cli, document: str
) -> None:
    address = dev_accounts()["debtor"].address
    i = next(i for i in range(len(address) - 1, 1, -1) if address[i].isalpha())
    mistyped = address[:i] + address[i].swapcase() + address[i + 1 :]
    _usage_error(courtchain(*_create(document, debtor=mistyped)), "--debtor", "EIP-55")
    created = courtchain(*_create(document, "--json", debtor=address.lower()))
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["terms"]["debtor_account"] == address


# -- one JSON style; errors as JSON under --json with the same exit code ---------------------------------------------


def test_errors_under_json_are_json_with_the_same_exit_code(courtchain: Cli) -> None:
    plain = courtchain("consortium", "show", "77")
    assert plain.returncode == ExitCode.FAILED and "no proposal 77" in plain.stderr
    _json_error(courtchain("consortium", "show", "77", "--json"), ExitCode.FAILED, "not_found")
    refused = _json_error(
        courtchain("consortium", "propose", "threshold", "1", "--as", "judge", "--json"),
        ExitCode.FAILED,
        "contract_refused",
    )
    assert refused["error"] == "ConsortiumNotGovernor" and set(refused["arguments"]) == {"account"}
    assert _json_error(run_cli("consortium", "frobnicate", "--json"), ExitCode.USAGE, "usage")["message"]
    unreachable = run_cli("consortium", "members", "--json", rpc="http://127.0.0.1:9")
    _json_error(unreachable, ExitCode.CHAIN, "chain_unreachable")


def test_verify_says_content_hash_whether_or_not_the_document_is_on_chain(courtchain: Cli, tmp_path: Path) -> None:
    doc = tmp_path / "judgment.pdf"
    doc.write_bytes(b"judgment (2026) 0491 1")
    unknown = courtchain("verify", str(doc), "--json")
    assert unknown.returncode == 1, unknown.stderr
    anchored = courtchain("evidence", "anchor", str(doc), "--json")
    assert anchored.returncode == 0, anchored.stderr
    known = courtchain("verify", str(doc), "--json")
    assert known.returncode == 0, known.stderr
    for out in (unknown, known):
        data = json.loads(out.stdout)
        assert data["content_hash"] == json.loads(known.stdout)["content_hash"]
        assert "contentHash" not in data and "onChain" not in data


# -- a node lost in the middle of a command ----------------------------------------------------------------------------


class _DroppingProxy:
    """Forwards JSON-RPC to a node until a request asks for `method`; from then on it drops every connection without
    an answer, as a node that went away does."""

    def __init__(self, upstream: str, method: str) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                calls = json.loads(body)
                methods = {c.get("method") for c in (calls if isinstance(calls, list) else [calls])}
                if proxy.dropped or method in methods:
                    proxy.dropped = True
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                r = requests.post(upstream, data=body, headers={"Content-Type": "application/json"}, timeout=30)
                self.send_response(r.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(r.content)))
                self.end_headers()
                self.wfile.write(r.content)

            def log_message(self, *args: Any) -> None:
                pass

        self.dropped = False
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> _DroppingProxy:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(node: LocalNode) -> Iterator[_DroppingProxy]:
    with _DroppingProxy(node.url, "eth_estimateGas") as p:  # the sending path reads through web3 here
        yield p


def test_a_node_lost_in_the_middle_of_a_command_is_the_chain_code(courtchain: Cli, proxy: _DroppingProxy) -> None:
    args = ("case", "configure-court", "1", "京", "0491", "--as", "clerk")
    out = courtchain(*args, rpc=proxy.url)
    assert proxy.dropped, out.stderr  # the command got as far as sending before the node went away
    assert out.returncode == ExitCode.CHAIN, (out.returncode, out.stderr)
    assert out.stderr.startswith("error: ") and "unexpected" not in out.stderr, out.stderr
    error = _json_error(courtchain(*args, "--json", rpc=proxy.url), ExitCode.CHAIN, "chain_unreachable")
    assert "unexpected" not in error["message"]


# -- every command with --json has its schema; the table of exit codes is the code's ----------------------------------


def _json_commands() -> dict[tuple[str, ...], click.Command]:
    found: dict[tuple[str, ...], click.Command] = {}

    def walk(cmd: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, (*path, name))
        if any(isinstance(p, click.Option) and "--json" in p.opts for p in cmd.params):
            found[path] = cmd

    cli.load_all()  # the group loads its commands lazily
    walk(cli, ())
    return found


def test_every_command_with_json_output_has_a_valid_schema() -> None:
    commands = _json_commands()
    assert ("case", "show") in commands and ("verify",) in commands
    names = {schema_name(path) for path in commands}
    missing = sorted(n for n in names if not (SCHEMAS / n).exists())
    assert not missing, f"commands with --json and no schema: {missing}"
    files = {p.name for p in SCHEMAS.glob("*.json")}
    assert files - names == {"error.json"}, f"schemas of no command: {sorted(files - names - {'error.json'})}"
    snake = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
    for name in sorted(files):
        schema = validator(name).schema
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", name

        def keys(node: Any) -> Iterator[str]:
            if isinstance(node, dict):
                yield from node.get("properties", {})
                for v in node.values():
                    yield from keys(v)
            elif isinstance(node, list):
                for v in node:
                    yield from keys(v)

        bad = [k for k in keys(schema) if not snake.match(k)]
        assert not bad, f"{name}: keys not in snake_case: {bad}"


def test_the_exit_code_table_is_the_codes_the_cli_uses() -> None:
    from courtchain.cli import exits

    assert (exits.ExitCode.FAILED, exits.ExitCode.USAGE, exits.ExitCode.CHAIN) == (1, 2, 3)
    table = (ROOT / "docs" / "exit-codes.md").read_text(encoding="utf-8")
    documented = {int(m.group(1)) for m in re.finditer(r"^\|\s*(\d+)\s*\|", table, re.M)}
    assert documented == {int(c) for c in exits.ExitCode}
    error_codes = set(validator("error.json").schema["properties"]["error"]["properties"]["code"]["enum"])
    for code in error_codes:
        assert f"`{code}`" in table, code
