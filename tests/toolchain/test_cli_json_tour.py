"""Every command with --json, run against the suite the fixtures deployed (in this process, so the tour is quick),
its output validated against the command's schema (schemas/cli/). The commands a tour cannot run here are named in
NOT_IN_TOUR with the test that validates them instead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from courtchain import paths
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.cli import main
from courtchain.suite import Suite
from courtchain.txn import Call
from tests.cli_schemas import check_output, command_path
from tests.toolchain.test_cli_contract import _json_commands

C1 = "0x" + "ab" * 32
C2 = "0x" + "cd" * 32
H = ["0x" + f"{i:02x}" * 32 for i in range(16)]
DAY = 86400
YUAN = 10**18  # amounts are typed in yuan; the token has 18 decimals

# network-*: needs the geth engine built from its Go module (tests/network validates them through run_cli);
# demo: a whole procedure on its own chain (tests/demo validates it through run_cli).
NOT_IN_TOUR = {("network", "engine"), ("network", "up"), ("network", "status"), ("demo",)}


def mint(suite: Suite, name: str, amount: int) -> None:
    suite.reset_nonces()  # the commands sent from the same accounts meanwhile
    token = suite.contract("SettlementToken", suite.address("SettlementToken"))
    data = str(token.encode_abi("mint", args=[dev_accounts()[name].address, amount]))
    suite.sender(dev_accounts()["keeper"]).send(Call(to=token.address, data=data, contract="SettlementToken"))


class Tour:
    def __init__(self, rpc: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.rpc = rpc
        self.capsys = capsys
        self.seen: set[tuple[str, ...]] = set()

    def __call__(self, *args: str, code: int = 0, rpc: bool = True) -> Any:
        argv = [*args, "--json", *(["--rpc", self.rpc] if rpc else [])]
        try:
            main(argv)
            got = 0
        except SystemExit as exc:
            got = int(exc.code or 0)
        out = self.capsys.readouterr()
        assert got == code, (argv, got, out.out, out.err)
        check_output(argv, out.out, got)
        self.seen.add(command_path(args))
        text = out.out.strip()
        return json.loads(text) if text.startswith(("{", "[")) else [json.loads(x) for x in text.splitlines()]


@pytest.fixture
def tour(
    node: LocalNode, deployments_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Tour:
    monkeypatch.setattr(paths, "DEPLOYMENTS", deployments_dir)
    return Tour(node.url, capsys)


@pytest.mark.slow
def test_every_command_with_json_follows_its_schema(tour: Tour, chain: Chain, suite: Suite, tmp_path: Path) -> None:
    files = {}
    for name in ("complaint", "judgment", "served", "receipt", "agreement", "revoked"):
        files[name] = tmp_path / f"{name}.pdf"
        files[name].write_bytes(f"%PDF {name} of case 23".encode())

    # toolchain and consortium
    tour("build", rpc=False)
    tour("deploy")
    tour("consortium", "members")
    tour("consortium", "roles")
    pid = str(tour("consortium", "propose", "admit", "notary", "Haidian Notary Office")["proposal_id"])
    tour("consortium", "approve", pid, "--as", "bank_governor")
    tour("consortium", "execute", pid)
    tour("consortium", "show", pid)

    # docket: four filings, each through a different path
    tour("case", "configure-court", "1", "京", "0491")
    tour("case", "set-type", "1", "民初", "--require", "complaint", "--window", "1h")
    tour("case", "set-type", "1", "民终", "--require", "complaint", "--window", "1h")
    filing = ["case", "file", "--type", "民初", "--plaintiff", C1, "--defendant", C2, "--claim", "1000"]
    f1 = str(tour(*filing, "--material", f"complaint={files['complaint']}")["filing_id"])
    f2 = str(tour(*filing)["filing_id"])
    f3 = str(tour(*filing)["filing_id"])
    f4 = str(tour(*filing, "--material", "complaint=" + H[1])["filing_id"])
    tour("case", "add-material", f2, "--material", "complaint=" + H[2])
    tour("case", "reclassify", f2, "民终", "--as", "clerk")
    tour("case", "refuse", f2, "--reason", "duplicate-suit", "--ruling", H[3])
    tour("case", "withdraw", f3)
    tour("chain", "time")
    tour("chain", "advance", "--by", "3601s")
    tour("case", "docket", f1)
    tour("case", "docket-due")
    tour("case", "list")
    tour(
        "case", "judge", f1, "--document", str(files["judgment"]), "--outcome", "upheld",
        "--obligation", f"{C2},-,creditor,1000,+30d",
    )  # fmt: skip
    tour("case", "transfer", f1, "--to", "5", "--documents", H[4])
    tour("case", "cancel-transfer", f1)
    tour("case", "transfer", f1, "--to", "5", "--documents", H[5])
    tour("case", "accept-transfer", f1, "--as", "procurator")
    tour("case", "show", f1)
    tour("case", "show", f4)

    # evidence and service
    tour("evidence", "anchor", str(files["revoked"]))
    tour("evidence", "revoke", str(files["revoked"]))
    tour("verify", str(files["revoked"]), code=4)
    tour("verify", str(files["judgment"]), code=1)
    tour("evidence", "anchor", str(files["judgment"]), "--kind", "judgment", "--as", "judge")
    tour("verify", str(files["judgment"]))
    sid = str(
        tour("serve", str(files["served"]), "--recipient", C2, "--recipient-account", "debtor", "--case", f1)[
            "service_id"
        ]
    )
    tour("acknowledge", sid, str(files["receipt"]), "--as", "debtor")
    tour("evidence", "service", sid)

    # enforcement
    debtor = dev_accounts()["debtor"].address
    opened = tour("enforce", "open", C2, "creditor", "1000", "--costs", "100", "--debtor-account", debtor)
    case = str(opened["case_id"])
    tour("enforce", "admit", str(opened["costs_admission_id"]), "--as", "judge")
    joined = tour("enforce", "join", case, "creditor2", "400")["admission_id"]
    tour("enforce", "cancel-admission", str(joined))
    asset = tour("enforce", "report-asset", case, "bank-deposit", "ICBC 6222 0000", "5000")["asset_id"]
    freeze = tour("enforce", "propose", case, "freeze", str(asset), "1500")["order_id"]
    tour("enforce", "approve", str(freeze))
    tour("enforce", "execute", str(freeze))
    order = tour("enforce", "propose", case, "deduct", str(asset), "800")["order_id"]
    tour("enforce", "approve", str(order), "--as", "judge2")
    mint(suite, "custodian", 10_000 * YUAN)  # the custodian bank pays out
    tour("enforce", "execute", str(order))
    tour("enforce", "distribute", case, "--all")
    tour("enforce", "withdraw", case, "0")
    terminate = tour("enforce", "terminate", case, "--basis", "termination ruling")["order_id"]
    tour("enforce", "approve", str(terminate))
    tour("enforce", "show", case)

    # credit
    tour(
        "credit",
        "subject",
        "--salt",
        "11" * 32,
        "--id-type",
        "resident",
        "--id-number",
        "11010519491231002X",
        rpc=False,
    )
    tour("credit", "reasons", rpc=False)
    with pytest.MonkeyPatch.context() as env:  # the credit platform's key, as its operator sets it
        env.setenv("COURTCHAIN_CREDIT_KEY", "0x" + "5a" * 32)
        tour("credit", "key", "--id-type", "resident", "--id-number", "11010519491231002X", rpc=False)
    listing = ["--case", case, "--kind", "dishonest", "--reason", "1", "--evidence", H[6]]
    proposed = tour("credit", "list", "--subject", C1, *listing)
    entry = tour("credit", "approve", str(proposed["proposal_id"]))["entry_id"]
    tour("credit", "check", C1, C2)
    objection = tour("credit", "object", str(entry), "--application", H[7])["objection_id"]
    tour("credit", "resolve", str(objection), "--dismiss", "--decision", H[8])
    correction = tour("credit", "delist", str(entry), "--decision", H[9], "--as", "judge2")["proposal_id"]
    tour("credit", "cancel", str(correction), "--as", "judge2")
    tour("credit", "history", "--subject", C1)

    # agreements and judgments as obligations
    created = tour(
        "agreement", "create", "--debtor", "debtor", "--creditor", "creditor",
        "--debtor-commitment", C2, "--creditor-commitment", C1, "--document", str(files["agreement"]),
        "--instalment", "300@+1d", "--instalment", "700@+2d", "--consequence", "enforcement",
    )  # fmt: skip
    oid = str(created["obligation_id"])
    tour("agreement", "sign", oid, "--as", "debtor")
    signature = tmp_path / "creditor.json"
    tour("agreement", "sign", oid, "--as", "creditor", "--offline", "--out", str(signature))
    tour("agreement", "sign", "--submit", str(signature))
    tour("agreement", "confirm", oid, "--ruling", H[10])
    mint(suite, "debtor", 1_000 * YUAN)
    tour("agreement", "pay", oid, "100", "--as", "debtor")
    tour("agreement", "acknowledge", oid, "50", "--evidence", H[11])
    tour("agreement", "withdraw")
    tour("agreement", "register-judgment", f1, "0")
    tour("agreement", "status", oid)
    chain.rpc("evm_increaseTime", [DAY + 3600])
    chain.rpc("evm_mine", [])
    tour("agreement", "trigger", oid, "--as", "outsider")
    tour("agreement", "trigger-due")
    tour("agreement", "retry", oid, "--as", "outsider", code=1)

    # bankruptcy: a case, a claim through review and confirmation, a meeting with a direct and a relayed ballot,
    # its published count, and a distribution round
    now = chain.timestamp()
    admin = dev_accounts()["litigant"]
    bcase = tour(
        "bankruptcy", "open", C1, "litigant", "--announced", str(now), "--deadline", str(now + 30 * DAY),
        "--approve-as", "judge2",
    )["case_id"]  # fmt: skip
    bc = str(bcase)
    c1 = str(tour("bankruptcy", "claim", bc, "1000", "--as", "creditor")["claim_id"])
    c2 = str(tour("bankruptcy", "claim", bc, "500", "--as", "creditor2")["claim_id"])
    tour("bankruptcy", "review", c1, "1000")
    tour("bankruptcy", "review", c2, "500")
    tour("bankruptcy", "act", bc, "set-objection-deadline", "--value", str(now + 3600), "--approve-as", "judge2")
    tour("chain", "advance", "--by", "3601s")
    tour("bankruptcy", "act", bc, "confirm-claims", "--ref", c1, "--value", c2, "--approve-as", "judge2")
    starts = chain.timestamp() + 16 * DAY
    holder = tour("bankruptcy", "shareholder", bc, "shareholder register entry 1", "debtor", "12.5%")
    assert (holder["share_millionths"], holder["approved"]) == (125_000, False)  # pending: a judge approves it
    approved = tour("bankruptcy", "approve-shareholder", holder["voter_id"], "--as", "judge")
    assert approved["voter_id"] == holder["voter_id"]
    second = tour("bankruptcy", "shareholder", bc, "register entry 2", "creditor", "5", "--approve-as", "judge")
    assert (second["share_millionths"], second["approved"]) == (50_000, True)
    mid = tour(
        "bankruptcy", "meeting", bc, "ordinary,distribution-plan", "--starts", str(starts), "--closes",
        str(starts + DAY),
    )["meeting_id"]  # fmt: skip
    tour("chain", "advance", "--by", f"{16 * DAY}s")
    tour("bankruptcy", "vote", str(mid), c1, "for,for", "--as", "creditor")
    from courtchain.clients import bankruptcy as bk

    b = bk.sign_ballot(
        dev_accounts()["creditor2"], chain.chain_id, suite.address("CreditorsMeeting"), mid, int(c2),
        [bk.Choice.FOR, bk.Choice.FOR], 0, starts + DAY,
    )  # fmt: skip
    ballots = tmp_path / "ballots.json"
    ballots.write_text(json.dumps([{"claim_id": b.claim_id, "choices": ["for", "for"], "nonce": 0,
                                    "deadline": b.deadline, "v": b.v, "r": "0x" + b.r.hex(),
                                    "s": "0x" + b.s.hex()}]))  # fmt: skip
    assert tour("bankruptcy", "relay", str(mid), str(ballots))["counted"] == 1
    tour("chain", "advance", "--by", f"{DAY + 1}s")
    assert tour("bankruptcy", "close", str(mid))["status"] == "passed"
    mint(suite, "litigant", 10**21)
    estate = bk.BankruptcyClient(suite, admin)
    suite.reset_nonces()
    token = suite.contract("SettlementToken", suite.address("SettlementToken"))
    data = str(token.encode_abi("approve", args=[estate.address, 10**21]))
    suite.sender(admin).send(Call(to=token.address, data=data, contract="SettlementToken"))
    estate.deposit(bcase, 900)
    bk.BankruptcyClient(suite, dev_accounts()["judge"]).approve_payout(
        estate.propose_payout(bcase, bk.PayoutKind.ROUND, 900)
    )
    tour("bankruptcy", "distribute", bc)
    tour("bankruptcy", "show", bc)
    # a meeting requested on chain by a quarter of the claims (art. 62), the creditors' committee (art. 67-69)
    rid = str(tour("bankruptcy", "request", "support", bc, c2, "--as", "creditor2")["request_id"])
    tour("bankruptcy", "request", "show", rid)
    until = str(chain.timestamp() + DAY)
    item = tour("bankruptcy", "request", "sign", rid, c1, "--deadline", until, "--as", "creditor")["support"]
    support = tmp_path / "support.json"
    support.write_text(json.dumps([item]))
    assert tour("bankruptcy", "request", "relay", rid, str(support))["joined"] == 1
    tour("bankruptcy", "request", "recount", rid, c1, c2)
    tour("bankruptcy", "request", "show", bc, "--case")
    aid = tour(
        "bankruptcy", "committee", "propose", bc, "--chosen-by", str(mid), "--rep", "creditor", "--employee",
        "creditor2", "--decision", "(2026)京01破1号决定书",
    )["appointment_id"]  # fmt: skip
    tour("bankruptcy", "committee", "approve", str(aid), "--as", "judge2")
    tour("bankruptcy", "committee", "support", bc, "--as", "creditor")
    tour("bankruptcy", "committee", "report", bc, "borrowing", "loan contract 2026-11", "--as", "litigant")
    tour("bankruptcy", "committee", "show", bc)
    starts = chain.timestamp() + 16 * DAY
    mid2 = tour("bankruptcy", "meeting", bc, "ordinary", "--starts", str(starts), "--closes", str(starts + DAY))[
        "meeting_id"
    ]
    assert tour("bankruptcy", "request", "answer", rid, str(mid2))["late"] is False
    tour("bankruptcy", "lapse", c1, code=1)  # no final distribution yet: not due (tests/bankruptcy runs it when due)

    # the keeper and the auditor
    state = tmp_path / "state"
    tour("keeper", "--once", "--state-dir", str(state))
    tour("keeper", "quarantine", "--state-dir", str(state), rpc=False)
    events = tmp_path / "events.jsonl"
    tour("audit", "export", "--out", str(events))
    tour("audit", "case", f1)
    index_db = f"sqlite:///{tmp_path / 'index.sqlite'}"
    tour("index", "--db", index_db, "--once")
    tour("audit", "case", f1, "--index", index_db)
    tour("audit", "check", "--events", str(events))
    tour("audit", "report", f1, "--out", str(tmp_path / "audit-report"))
    records = tmp_path / "records.csv"
    records.write_text("case_number,filing_id,status,claim_amount\n")
    tour("audit", "reconcile", "--records", str(records), code=1)

    # credentials: a justice bureau and a bar association admitted by governance (spare dev accounts 20-23)
    from tests.credentials.conftest import LICENCE, setup_licensing

    suite.reset_nonces()
    lic = setup_licensing(suite, dev_accounts())
    cred = str(
        tour(
            "credential",
            "issue",
            lic.lawyer.address,
            "--kind",
            "lawyer",
            "--licence-number",
            LICENCE,
            "--name",
            "张三",
            "--firm",
            "北京某某律师事务所",
            "--as",
            "dev:20",
        )["credential_id"]
    )
    tour("credential", "show", cred)
    vc = tmp_path / "vc.json"
    tour("credential", "export", cred, "--as", "dev:20", "--out", str(vc))
    act = tour("credential", "suspend", cred, "--decision", H[12], "--reason", "停止执业", "--as", "dev:20")
    tour("credential", "approve", str(act["action_id"]), "--as", "dev:21")
    for step in ("reinstate", "revoke", "cancel"):
        tour("credential", step, cred, "--decision", H[13], "--reason", "依法处理", "--as", "dev:20")
    tour(
        "credential", "discipline", cred, "--type", "warning", "--decision", H[14], "--reason", "警告", "--as", "dev:22"
    )
    tour("credential", "verify", str(vc))

    missing = set(_json_commands()) - tour.seen - NOT_IN_TOUR
    assert not missing, f"commands with --json the tour does not run: {sorted(missing)}"
