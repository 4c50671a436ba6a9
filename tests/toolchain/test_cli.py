"""The console command as a user meets it: help, embedded chain, --rpc, JSON, and one-line errors."""

from __future__ import annotations

import json

from courtchain.chain import LocalNode
from tests.helpers import run_cli


def test_help_lists_subcommands() -> None:
    out = run_cli("--help")
    assert out.returncode == 0
    for sub in ("build", "node", "deploy", "consortium", "demo"):
        assert sub in out.stdout


def test_members_on_embedded_chain_as_json() -> None:
    out = run_cli("consortium", "members", "--json")
    assert out.returncode == 0, out.stderr
    members = json.loads(out.stdout)
    assert [m["kind"] for m in members][:3] == ["court", "custodian_bank", "credit_platform"]


def test_governance_round_trip_over_rpc() -> None:
    with LocalNode() as node:
        out = run_cli("deploy", "--json", rpc=node.url)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["fresh"] is True
        again = run_cli("deploy", "--json", rpc=node.url)
        assert json.loads(again.stdout)["fresh"] is False
        p = run_cli("consortium", "propose", "admit", "notary", "Haidian Notary Office", "--json", rpc=node.url)
        assert p.returncode == 0, p.stderr
        pid = str(json.loads(p.stdout)["proposal_id"])
        early = run_cli("consortium", "execute", pid, rpc=node.url)
        assert early.returncode == 1
        assert early.stderr.strip().count("\n") == 0
        assert "ConsortiumUnexpectedProposalState" in early.stderr
        assert run_cli("consortium", "approve", pid, "--as", "bank_governor", rpc=node.url).returncode == 0
        ex = run_cli("consortium", "execute", pid, "--json", rpc=node.url)
        assert ex.returncode == 0, ex.stderr
        assert "MemberAdmitted" in json.loads(ex.stdout)["events"]
        members = json.loads(run_cli("consortium", "members", "--json", rpc=node.url).stdout)
        assert members[-1]["name"] == "Haidian Notary Office"
        roles = json.loads(run_cli("consortium", "roles", "--json", rpc=node.url).stdout)
        assert any(r["role"] == "JUDGE" and r["active"] for r in roles)


def _one_line_error(out: object, code: int, needle: str) -> None:
    assert out.returncode == code, (out.returncode, out.stdout, out.stderr)  # type: ignore[attr-defined]
    err = out.stderr.strip()  # type: ignore[attr-defined]
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
    assert needle in err, err


def test_bad_input_is_one_clear_line() -> None:
    with LocalNode() as node:
        assert run_cli("deploy", rpc=node.url).returncode == 0
        _one_line_error(run_cli("consortium", "propose", "suspend", "42", rpc=node.url), 1, "no member 42")
        _one_line_error(
            run_cli("consortium", "propose", "grant", "judge", "0x1234", rpc=node.url), 2, "not an address (too short"
        )
        _one_line_error(run_cli("consortium", "show", "77", rpc=node.url), 1, "no proposal 77")
        _one_line_error(run_cli("consortium", "approve", "abc", rpc=node.url), 2, "whole number")
        _one_line_error(
            run_cli("consortium", "propose", "grant", "pope", "0x" + "ab" * 20, rpc=node.url), 1, "unknown role"
        )
        _one_line_error(
            run_cli("consortium", "propose", "threshold", "1", "--as", "judge", rpc=node.url),
            1,
            "ConsortiumNotGovernor",
        )
    _one_line_error(run_cli("consortium", "members", rpc="http://127.0.0.1:9"), 3, "unreachable")
    _one_line_error(run_cli("consortium", "frobnicate"), 2, "No such command")
