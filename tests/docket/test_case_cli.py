"""`courtchain case` end to end against a LocalNode over --rpc: a filing submitted through the CLI is docketed by an
unprivileged account after its window closes, and `case show` prints its number and history."""

from __future__ import annotations

import json
from pathlib import Path

from courtchain.accounts import dev_account
from courtchain.chain import Chain, LocalNode
from courtchain.units import parse_time as unix
from tests.helpers import run_cli

PLAINTIFF = "resident:11010519491231002X:" + "01" * 32
DEFENDANT = "uscc:91350100M000100Y43:" + "02" * 32
CASE_REF = "京0491收2026-0001"  # the court's reference: with the party's record, gives its pseudonym in the case


def _ok(*args: str, rpc: str) -> dict:  # type: ignore[type-arg]
    out = run_cli(*args, "--json", rpc=rpc)
    assert out.returncode == 0, (args, out.stderr)
    return dict(json.loads(out.stdout)) if out.stdout.strip().startswith("{") else {"list": json.loads(out.stdout)}


def test_file_then_outsider_dockets_after_window_then_show(tmp_path: Path) -> None:
    complaint = tmp_path / "complaint.pdf"
    complaint.write_bytes(b"%PDF complaint of the plaintiff")
    identity = tmp_path / "id.pdf"
    identity.write_bytes(b"%PDF identity proof")
    evidence = tmp_path / "evidence.pdf"
    evidence.write_bytes(b"%PDF evidence list")
    with LocalNode() as node:
        rpc = node.url
        assert run_cli("deploy", rpc=rpc).returncode == 0
        _ok("case", "configure-court", "1", "京", "0491", rpc=rpc)
        _ok(
            "case",
            "set-type",
            "1",
            "民初",
            "--require",
            "complaint",
            "--require",
            "identity-proof",
            "--require",
            "evidence-list",
            "--window",
            "3d",
            rpc=rpc,
        )
        filed = _ok(
            "case",
            "file",
            "--type",
            "民初",
            "--plaintiff",
            PLAINTIFF,
            "--defendant",
            DEFENDANT,
            "--case-ref",
            CASE_REF,
            "--claim",
            "120000",
            "--material",
            f"complaint={complaint}",
            "--material",
            f"identity-proof={identity}",
            rpc=rpc,
        )
        fid = str(filed["filing_id"])
        assert filed["missing_kinds"] == [3]
        added = _ok("case", "add-material", fid, "--material", f"evidence-list={evidence}", rpc=rpc)
        assert added["missing_kinds"] == []

        # Before the window closes, an unprivileged account is refused with the closing time, in one line.
        early = run_cli("case", "docket", fid, "--as", "outsider", rpc=rpc)
        assert early.returncode == 1 and "Traceback" not in early.stderr
        assert (
            f"DocketWindowOpen(filingId={fid}, closesAt={unix(filed['window_ends'])} ({filed['window_ends']}))"
            in early.stderr
        )
        assert f"the window closes at {filed['window_ends']}" in early.stderr  # ISO 8601, Beijing time
        assert filed["window_ends"].endswith("+08:00")
        assert early.stderr.strip().count("\n") == 0
        assert "the window closes at " in early.stderr and "(chain time)" in early.stderr

        chain = Chain(rpc)
        chain.rpc("evm_increaseTime", [3 * 86400])
        chain.rpc("evm_mine", [])
        done = _ok("case", "docket", fid, "--as", "outsider", rpc=rpc)
        year = _china_year(chain.timestamp())
        assert done["docketed"] is True and done["case_number"] == f"({year})京0491民初1号"

        shown = run_cli("case", "show", fid, rpc=rpc)
        assert shown.returncode == 0, shown.stderr
        assert f"({year})京0491民初1号" in shown.stdout
        for needle in ("FilingSubmitted", "MaterialAdded", "CaseDocketed", dev_account("outsider").address):
            assert needle in shown.stdout, needle
        history = _ok("case", "show", fid, rpc=rpc)["history"]
        assert [h["event"] for h in history][-1] == "CaseDocketed"
        assert history[-1]["args"]["by"] == dev_account("outsider").address
        assert [h["event"] for h in history].count("MaterialAdded") == 3

        listed = _ok("case", "list", "--status", "docketed", rpc=rpc)["list"]
        assert [f["case_number"] for f in listed] == [f"({year})京0491民初1号"]

        judged = _ok(
            "case",
            "judge",
            fid,
            "--document",
            "ab" * 32,
            "--outcome",
            "upheld",
            "--obligation",
            f"{DEFENDANT},-,creditor,120000,+30d",
            "--case-ref",
            CASE_REF,
            rpc=rpc,
        )
        assert judged["obligations"] == 1
        _ok("case", "transfer", fid, "--to", "5", "--documents", "cd" * 32, rpc=rpc)
        _ok("case", "accept-transfer", fid, "--as", "procurator", rpc=rpc)
        shown = _ok("case", "show", fid, rpc=rpc)
        assert shown["filing"]["holder"] == 5 and shown["judgment"]["outcome"] == "upheld"
        assert [h["event"] for h in shown["history"]][-2:] == ["CaseTransferInitiated", "CaseTransferAccepted"]


def test_docket_due_and_bad_input(tmp_path: Path) -> None:
    with LocalNode() as node:
        rpc = node.url
        assert run_cli("deploy", rpc=rpc).returncode == 0
        _ok("case", "configure-court", "1", "京", "0491", rpc=rpc)
        _ok("case", "set-type", "1", "执", "--require", "enforcement-application", "--window", "1h", rpc=rpc)
        a = _ok(
            "case",
            "file",
            "--type",
            "执",
            "--plaintiff",
            "aa" * 32,
            "--defendant",
            "bb" * 32,
            "--material",
            "enforcement-application=" + "11" * 32,
            rpc=rpc,
        )
        b = _ok("case", "file", "--type", "执", "--plaintiff", "aa" * 32, "--defendant", "bb" * 32, rpc=rpc)
        c = _ok(
            "case",
            "file",
            "--type",
            "执",
            "--plaintiff",
            "aa" * 32,
            "--defendant",
            "bb" * 32,
            "--material",
            "enforcement-application=" + "22" * 32,
            rpc=rpc,
        )
        refused = _ok(
            "case", "refuse", str(c["filing_id"]), "--reason", "duplicate-suit", "--ruling", "33" * 32, rpc=rpc
        )
        assert refused["filing_id"] == c["filing_id"] and refused["reason"] == "duplicate_suit"
        assert _ok("case", "docket-due", rpc=rpc)["docketed"] == {}
        chain = Chain(rpc)
        chain.rpc("evm_increaseTime", [3600])
        chain.rpc("evm_mine", [])
        due = _ok("case", "docket-due", "--as", "keeper", rpc=rpc)
        assert list(due["docketed"]) == [str(a["filing_id"])]
        assert due["refused"] == {str(b["filing_id"]): [7]}
        for args, needle in [
            (("case", "show", "77"), "no filing 77"),
            (("case", "file", "--type", "执", "--plaintiff", "zz", "--defendant", "bb" * 32), "pseudonym"),
            (("case", "file", "--type", "执", "--plaintiff", PLAINTIFF, "--defendant", "bb" * 32), "needs --case-ref"),
            (
                ("case", "file", "--type", "刑初", "--plaintiff", "aa" * 32, "--defendant", "bb" * 32),
                "no active case type",
            ),
            (("case", "add-material", "1", "--material", "complaint"), "KIND=FILE"),
            (("case", "add-material", "1", "--material", "affidavit=" + "11" * 32), "unknown material kind"),
            (("case", "docket", "abc"), "whole number"),
            (("case", "set-type", "1", "民初", "--window", "soon"), "duration"),
        ]:
            out = run_cli(*args, rpc=rpc)
            err = out.stderr.strip()
            usage = "whole number" in needle  # not a number at all: a usage error (docs/exit-codes.md)
            assert out.returncode == (2 if usage else 1), (args, out.stdout, err)
            assert err.startswith("error: ") and "\n" not in err and needle in err, (args, err)


def _china_year(ts: int) -> int:
    from courtchain.clients.docket import china_year

    return china_year(ts)
