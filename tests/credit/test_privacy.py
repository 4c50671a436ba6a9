"""No personal data on chain: run a listing scenario through the client and the CLI, then read every transaction input
and every log (topics and data) of every block of that chain and look for the plaintext names, id numbers and salts.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from courtchain import deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients.credit import CaseDomain, CreditClient, EntryKind, Reason
from courtchain.clients.enforcement import EnforcementClient
from courtchain.commitments import commitment
from courtchain.txn import Call
from tests.credit.conftest import ID_A, ID_B, KEY_A, KEY_C, PLATFORM_KEY, SALT_A, SALT_B, SALT_C, USCC_C
from tests.helpers import run_cli
from tests.privacy_scan import chain_bytes, forms, leaks

NAMES = ["张三", "Zhang San", "李四", "Li Si", "闽侯榕发贸易有限公司", "Minhou Rongfa Trading Co"]


def needles() -> dict[str, bytes]:
    """Every form in which a plaintext identity could leak: UTF-8 bytes, its hex text, and id digits as a number."""
    out: dict[str, bytes] = {}
    secrets = {**{n: n for n in NAMES}, "id A": ID_A, "id A lower": ID_A.lower(), "id B": ID_B, "uscc C": USCC_C}
    for label, text in secrets.items():
        out.update(forms(label, text))
    out["id B as uint"] = int(ID_B).to_bytes(32, "big").lstrip(b"\0")
    for n, salt in enumerate((SALT_A, SALT_B, SALT_C)):  # the salts stay off chain too
        out[f"salt {n}"] = salt
    out["credit platform key"] = PLATFORM_KEY
    return out


def test_no_plaintext_identity_reaches_the_chain(tmp_path: Path) -> None:
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path), "COURTCHAIN_CREDIT_KEY": PLATFORM_KEY.hex()}
    with LocalNode() as node:
        chain = Chain(node.url)
        suite = deploy.deploy(chain, fresh=True, directory=tmp_path).suite
        accounts = dev_accounts()

        # Through the client: a judge lists A (dishonest) and C (ban); A objects; another judge dismisses.
        judge = CreditClient(suite, accounts["judge"])
        case_debtor = commitment(SALT_A, "resident", ID_A)
        subject_a, subject_c = KEY_A, KEY_C  # the registry's subjects are credit keys
        evidence = hashlib.sha256("裁定书: 张三 11010519491231002X".encode()).digest()
        judge2 = CreditClient(suite, accounts["judge2"])
        office = EnforcementClient(suite, accounts["clerk"])
        for _ in range(3):  # the source cases 1..3
            office.open_case(case_debtor, accounts["creditor"].address, 1000)
        enf = CaseDomain.ENFORCEMENT
        pid, _ = judge.propose_listing(
            subject_a, enf, 1, EntryKind.DISHONEST_DEBTOR, Reason.REFUSES_DESPITE_ABILITY, evidence
        )
        a, _ = judge2.approve(pid)
        pid, _ = judge.propose_listing(
            subject_c, enf, 2, EntryKind.HIGH_CONSUMPTION_BAN, Reason.NOT_PERFORMED_IN_TIME, evidence
        )
        judge2.approve(pid)
        oid, _ = CreditClient(suite, accounts["debtor"]).object(a.id, hashlib.sha256(b"application").digest())
        judge2.dismiss_objection(oid, hashlib.sha256(b"dismissed").digest())

        # Through the CLI: list B from salt and id number, check a customer sheet with names, object, uphold.
        def cli(*args: str) -> Any:
            out = run_cli("credit", *args, rpc=node.url, env=env)
            assert out.returncode == 0, out.stderr
            return out

        cli("list", "--salt", SALT_B.hex(), "--id-type", "resident", "--id-number", ID_B,
            "--case", "3", "--kind", "dishonest", "--reason", "3", "--evidence", "ab" * 32)  # fmt: skip
        cli("approve", "3")
        sheet = tmp_path / "customers.csv"
        sheet.write_text(
            "salt,id_type,id_number,label\n"
            f"{SALT_A.hex()},resident,{ID_A},{NAMES[0]} {NAMES[1]}\n"
            f"{SALT_B.hex()},resident,{ID_B},{NAMES[2]} {NAMES[3]}\n"
            f"{SALT_C.hex()},uscc,{USCC_C},{NAMES[4]} {NAMES[5]}\n",
            encoding="utf-8",
        )
        checked = cli("check", "--csv", str(sheet))
        assert "3 of 3 subject(s) restricted" in checked.stdout
        cli("history", "--salt", SALT_B.hex(), "--id-type", "resident", "--id-number", ID_B)
        cli("object", "2", "--application", "cd" * 32, "--as", "litigant")
        cli("resolve", "2", "--uphold", "--decision", "ef" * 32)

        blobs = chain_bytes(chain)
        assert sum(1 for where, _ in blobs if where.endswith("input")) > 10  # the scan saw the whole scenario
        assert any(subject_a in data for _, data in blobs)  # the credit key is there, as designed
        assert leaks(blobs, needles()) == []

        # Control: the same scan does find a plaintext that is put on chain.
        sender = suite.sender(accounts["outsider"])
        sender.send(Call(to=accounts["keeper"].address, data="0x" + NAMES[0].encode().hex(), contract="(none)"))
        after = chain_bytes(chain)
        assert leaks(after, needles()) == [f"张三 in {after[-1][0]}"]
