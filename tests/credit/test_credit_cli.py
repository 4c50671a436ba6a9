"""`courtchain credit ...` as a user runs it, against one local node for the module (state across commands)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from courtchain.accounts import dev_accounts
from courtchain.chain import LocalNode
from courtchain.commitments import commitment
from courtchain.units import parse_time as unix
from tests.credit.conftest import ID_A, ID_B, KEY_A, KEY_B, PLATFORM_KEY, SALT_A, SALT_B, SALT_C, SUBJECT_A, USCC_C
from tests.helpers import run_cli

EVIDENCE = "ab" * 32


@pytest.fixture(scope="module")
def rpc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # The CLI computes credit keys with the credit platform's key (COURTCHAIN_CREDIT_KEY), as a member would.
    saved = os.environ.get("COURTCHAIN_CREDIT_KEY")
    os.environ["COURTCHAIN_CREDIT_KEY"] = PLATFORM_KEY.hex()
    try:
        yield from _node()
    finally:
        if saved is None:
            os.environ.pop("COURTCHAIN_CREDIT_KEY", None)
        else:
            os.environ["COURTCHAIN_CREDIT_KEY"] = saved


def _node() -> Iterator[str]:
    with LocalNode() as node:
        out = run_cli("deploy", rpc=node.url)
        assert out.returncode == 0, out.stderr
        # enforcement case 1 (a listing names an existing case) and a third judge (a removal needs two judges other
        # than the lister): the registrar's account is given JUDGE by the governors
        accts = dev_accounts()
        out = run_cli("enforce", "open", "0x" + SUBJECT_A.hex(), "creditor", "1000", rpc=node.url)
        assert out.returncode == 0, out.stderr
        out = run_cli("consortium", "propose", "grant", "JUDGE", accts["registrar"].address, "--json", rpc=node.url)
        assert out.returncode == 0, out.stderr
        pid = str(json.loads(out.stdout)["proposal_id"])
        for args in (("approve", pid), ("execute", pid)):
            out = run_cli("consortium", *args, rpc=node.url)
            assert out.returncode == 0, out.stderr
        yield node.url


def cli_json(rpc: str, *args: str) -> Any:
    out = run_cli("credit", *args, "--json", rpc=rpc)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def one_line_error(out: Any, needle: str) -> None:
    assert out.returncode == 1, (out.stdout, out.stderr)
    err = out.stderr.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
    assert needle in err, err


def test_list_check_object_resolve_delist(rpc: str, tmp_path: Path) -> None:
    proposed = cli_json(
        rpc, "list", "--salt", SALT_A.hex(), "--id-type", "resident", "--id-number", ID_A.lower(),
        "--case", "1", "--kind", "dishonest", "--reason", "1", "--evidence", EVIDENCE,
    )  # fmt: skip
    assert proposed["subject"] == "0x" + KEY_A.hex() and proposed["proposal_status"] == "pending"
    one_line_error(run_cli("credit", "approve", str(proposed["proposal_id"]), "--as", "judge", rpc=rpc), "SelfApproval")
    nothing = cli_json(rpc, "check", "0x" + KEY_A.hex())
    assert nothing[0]["restricted"] is False  # a proposal alone lists nobody
    listed = cli_json(rpc, "approve", str(proposed["proposal_id"]))
    assert listed["kind"] == "dishonest_debtor" and listed["domain"] == "enforcement"
    assert unix(listed["ends_at"]) - unix(listed["starts_at"]) == 730 * 86400 and listed["status"] == "active"
    assert listed["proposal_status"] == "executed" and listed["approved_by"] != listed["listed_by"]
    ruling = tmp_path / "ruling.pdf"
    ruling.write_bytes(b"%PDF- restriction order")
    ban_p = cli_json(
        rpc, "list", "--subject", "0x" + KEY_A.hex(), "--case", "1", "--kind", "ban", "--reason", "102",
        "--evidence", str(ruling), "--days", "30",
    )  # fmt: skip
    ban = cli_json(rpc, "approve", str(ban_p["proposal_id"]))
    assert unix(ban["ends_at"]) - unix(ban["starts_at"]) == 30 * 86400
    assert ban["ends_at"].endswith("+08:00")  # ISO 8601, Beijing time

    table = run_cli("credit", "check", "0x" + KEY_A.hex(), "0x" + KEY_B.hex(), rpc=rpc)
    assert table.returncode == 0, table.stderr
    assert "YES" in table.stdout and "1 of 2 subject(s) restricted" in table.stdout

    sheet = tmp_path / "customers.csv"
    sheet.write_text(
        "salt,id_type,id_number,label\n"
        f"{SALT_A.hex()},resident,{ID_A},customer 1\n"
        f"{SALT_B.hex()},resident,{ID_B},customer 2\n"
        f"{SALT_C.hex()},uscc,{USCC_C},customer 3\n"
    )
    rows = cli_json(rpc, "check", "--csv", str(sheet), f"0x{SALT_B.hex()},resident,{ID_B}")
    assert [(r["row"], r["label"], r["restricted"]) for r in rows] == [
        (1, "", False),
        (2, "customer 1", True),
        (3, "customer 2", False),
        (4, "customer 3", False),
    ]
    assert rows[1]["dishonest_debtor"] and rows[1]["high_consumption_ban"]
    assert rows[1]["ban_until"] == ban["ends_at"]
    only = cli_json(rpc, "check", "--csv", str(sheet), "--only-restricted")
    assert [r["label"] for r in only] == ["customer 1"]
    past = cli_json(rpc, "check", "0x" + KEY_A.hex(), "--at", str(unix(listed["starts_at"]) - 1))
    iso = cli_json(rpc, "check", "0x" + KEY_A.hex(), "--at", listed["starts_at"])  # ISO 8601 as shown
    assert iso[0]["restricted"] is True
    assert past[0]["restricted"] is False

    objection = cli_json(rpc, "object", str(listed["entry_id"]), "--application", "cd" * 32)
    one_line_error(
        run_cli("credit", "resolve", str(objection["objection_id"]), "--dismiss", "--decision", "ef" * 32,
                "--as", "judge", rpc=rpc),
        "CreditJudgeRecused",
    )  # fmt: skip
    dismissed = cli_json(rpc, "resolve", str(objection["objection_id"]), "--dismiss", "--decision", "ef" * 32)
    assert dismissed["outcome"] == "dismissed" and dismissed["entry_status"] == "active"
    second = cli_json(rpc, "object", str(ban["entry_id"]), "--application", "cd" * 32)
    uphold = cli_json(rpc, "resolve", str(second["objection_id"]), "--uphold", "--decision", "ef" * 32)
    assert uphold["outcome"] == "pending" and uphold["proposal_kind"] == "removal"
    upheld = cli_json(rpc, "approve", str(uphold["proposal_id"]), "--as", "registrar")
    assert upheld["status"] == "removed" and upheld["entry_id"] == ban["entry_id"]
    correction = cli_json(rpc, "delist", str(listed["entry_id"]), "--decision", "12" * 32, "--as", "judge2")
    one_line_error(
        run_cli("credit", "approve", str(correction["proposal_id"]), "--as", "judge", rpc=rpc), "CreditJudgeRecused"
    )
    cancelled = cli_json(rpc, "cancel", str(correction["proposal_id"]), "--as", "judge2")
    assert cancelled["proposal_status"] == "cancelled"
    correction = cli_json(rpc, "delist", str(listed["entry_id"]), "--decision", "12" * 32, "--as", "registrar")
    removed = cli_json(rpc, "approve", str(correction["proposal_id"]), "--as", "judge2")
    assert removed["status"] == "removed"

    hist = cli_json(rpc, "history", "--salt", SALT_A.hex(), "--id-type", "resident", "--id-number", ID_A)
    assert [e["status"] for e in hist["entries"]] == ["removed", "removed"]
    assert [e["event"] for e in hist["events"]] == [
        "ListingProposed",
        "EntryListed",
        "ListingProposed",
        "EntryListed",
        "ObjectionFiled",
        "ObjectionResolved",
        "ObjectionFiled",
        "RemovalProposed",
        "ObjectionResolved",
        "EntryRemoved",
        "RemovalProposed",
        "RemovalProposed",
        "EntryRemoved",
    ]
    text = run_cli("credit", "history", "--subject", "0x" + KEY_A.hex(), rpc=rpc)
    assert "objection 2 upheld" in text.stdout and "judges' correction" in text.stdout


def test_check_reads_a_gbk_sheet_saved_by_excel(rpc: str, tmp_path: Path) -> None:
    """A customer list saved by Excel on Chinese Windows is GBK: read as such (this used to end in exit 70)."""
    sheet = tmp_path / "客户名单.csv"
    sheet.write_bytes(
        (
            "salt,id_type,id_number,label\r\n"
            f"{SALT_A.hex()},resident,{ID_A},张三（客户一）\r\n"
            f"{SALT_C.hex()},uscc,{USCC_C},北京某某科技有限公司\r\n"
        ).encode("gbk")
    )
    with pytest.raises(UnicodeDecodeError):
        sheet.read_text(encoding="utf-8")
    rows = cli_json(rpc, "check", "--csv", str(sheet))
    assert [(r["row"], r["label"]) for r in rows] == [(2, "张三（客户一）"), (3, "北京某某科技有限公司")]


def test_bad_input_is_one_clear_line(rpc: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{SALT_A.hex()},resident,{ID_A[:-1]}0\n")
    one_line_error(run_cli("credit", "check", "--csv", str(bad), rpc=rpc), "bad.csv row 1: resident id number fails")
    one_line_error(run_cli("credit", "check", rpc=rpc), "give subjects")
    one_line_error(run_cli("credit", "check", "0x1234", rpc=rpc), "malformed subject commitment")
    one_line_error(run_cli("credit", "check", "--csv", str(tmp_path / "none.csv"), rpc=rpc), "cannot read CSV")
    base = ["credit", "list", "--case", "1", "--kind", "dishonest", "--reason", "1", "--evidence", EVIDENCE]
    one_line_error(run_cli(*base, rpc=rpc), "a subject needs")
    subj = ["--subject", "0x" + KEY_B.hex()]
    one_line_error(run_cli(*base, *subj, "--salt", SALT_B.hex(), rpc=rpc), "not both")
    one_line_error(run_cli(*base[:-1], "nothing-here", *subj, rpc=rpc), "64 hex digits or a readable file")
    one_line_error(run_cli(*base, *subj, "--as", "clerk", rpc=rpc), "AccessMissingRole")
    wrong = ["credit", "list", *subj, "--case", "1", "--kind", "ban", "--reason", "1", "--evidence", EVIDENCE]
    one_line_error(run_cli(*wrong, rpc=rpc), "not a high_consumption_ban reason")
    one_line_error(run_cli("credit", "delist", "999", "--decision", EVIDENCE, rpc=rpc), "no credit entry 999")
    one_line_error(run_cli("credit", "resolve", "999", "--uphold", "--decision", EVIDENCE, rpc=rpc), "no objection")
    one_line_error(run_cli("credit", "approve", "999", rpc=rpc), "no credit proposal 999")
    unknown = ["credit", "list", *subj, "--case", "99", "--kind", "dishonest", "--reason", "1", "--evidence", EVIDENCE]
    one_line_error(run_cli(*unknown, rpc=rpc), "CreditUnknownCase")
    one_line_error(run_cli(*base, *subj, "--domain", "court", rpc=rpc), "unknown case domain")


def test_subject_is_computed_locally() -> None:
    out = run_cli("credit", "subject", "--salt", SALT_B.hex(), "--id-type", "resident", "--id-number", ID_B, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["subject"] == "0x" + commitment(SALT_B, "resident", ID_B).hex()
