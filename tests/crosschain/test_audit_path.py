"""`courtchain audit case --peer` follows a case across both chains: the path it prints is what both chains' own views
and receipts say; `audit check` knows the cross-chain case transfer's statuses (in transfer, transferred, returned)
and refuses a transition the contract cannot make."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from courtchain import audit
from courtchain.accounts import dev_accounts
from courtchain.clients import crosschain as xc
from courtchain.crosschain_audit import case_path, open_peers, with_crosschain
from courtchain.relay import Relayer
from tests.helpers import run_cli

from .conftest import PROCURATORATE_ID, TwoChains, doc, docketed_case

ACC = dev_accounts()


def _relay(pair: TwoChains, tmp_path: Path, rounds: int = 2) -> None:
    relayers = [Relayer(pair.suites(), a, tmp_path / "channel", tmp_path / f"s-{a.address}") for a in pair.attestors]
    for _ in range(rounds):
        for r in relayers:
            r.run_pass()


def _round_trip(pair: TwoChains, tmp_path: Path, accept: bool) -> tuple[int, int]:
    """A case of chain A sent to the procuratorate on chain B, accepted (or returned) there, the reply back on A.
    Returns (case id, incoming id on B)."""
    case_id = docketed_case(pair.a, tag=f"audit-{accept}")
    xc.CrossChainCasesClient(pair.a, ACC["clerk"]).send_case(
        case_id, pair.b.chain.chain_id, PROCURATORATE_ID, doc("file"), pair.b.chain.timestamp() + 86400
    )
    _relay(pair, tmp_path)
    b_cases = xc.CrossChainCasesClient(pair.b, ACC["procurator"])
    incoming = b_cases.incoming_count()
    if accept:
        b_cases.accept_case(incoming)
    else:
        b_cases.return_case(incoming, doc("reasons"))
    _relay(pair, tmp_path)
    return case_id, incoming


def _peer_file(pair: TwoChains, tmp_path: Path) -> Path:
    """Chain B as a relay file names it, with only its hub: the cross-chain contracts are found in B's hub."""
    path = tmp_path / "peer-b.json"
    path.write_text(
        json.dumps({"rpc": pair.b.chain.url, "addresses": {"CourtConsortium": pair.b.address("CourtConsortium")}})
    )
    return path


def test_audit_case_shows_the_whole_path_on_both_chains(pair: TwoChains, tmp_path: Path, deployments_dir: Path) -> None:
    case_id, incoming = _round_trip(pair, tmp_path, accept=True)
    a, b = pair.a.chain.chain_id, pair.b.chain.chain_id
    out = run_cli(
        "audit", "case", str(case_id), "--json", "--peer", str(_peer_file(pair, tmp_path)),
        rpc=pair.a.chain.url, env={"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)  # run_cli validated it against schemas/cli/audit-case.json
    path = data["crosschain"]
    assert [(s["chain_id"], s["event"]) for s in path] == [
        (a, "CaseTransferInitiated"),
        (a, "CaseSentOut"),
        (b, "MessageDelivered"),
        (b, "CaseReceived"),
        (b, "CaseAccepted"),
        (a, "MessageDelivered"),
        (a, "CaseOutSettled"),
        (a, "CaseTransferAccepted"),
    ]
    # the same path `relay trace` gives (one implementation: crosschain_audit.case_path)
    assert [(s.chain_id, s.block, s.tx_hash) for s in case_path(pair.suites(), a, case_id)] == [
        (s["chain_id"], s["block"], s["tx_hash"]) for s in path
    ]
    # each step's transaction is in that block of that chain
    chains = {a: pair.a.chain, b: pair.b.chain}
    for s in path:
        receipt = chains[s["chain_id"]].w3.eth.get_transaction_receipt(s["tx_hash"])
        assert receipt["blockNumber"] == s["block"] and receipt["status"] == 1
    # ... and what both chains' views say now
    out_view = xc.CrossChainCasesClient(pair.a).outgoing(case_id)
    assert out_view.status == xc.OutgoingStatus.TRANSFERRED and out_view.dest_chain_id == b
    sent = next(s for s in path if s["event"] == "CaseSentOut")
    assert f"sequence {out_view.sequence}," in sent["what"]
    in_view = xc.CrossChainCasesClient(pair.b).incoming(incoming)
    assert in_view.status == xc.IncomingStatus.ACCEPTED
    assert (in_view.source_chain_id, in_view.source_case_id) == (a, case_id)
    assert f"incoming {incoming} " in next(s for s in path if s["event"] == "CaseReceived")["what"]
    for chain, suite in ((b, pair.b), (a, pair.a)):
        for s in path:
            if s["chain_id"] == chain and s["event"] == "MessageDelivered":
                ev = next(e for e in suite.logs(["CrossChainInbox"]) if e.tx_hash == s["tx_hash"])
                assert xc.InboxClient(suite).receipt(bytes(ev.args["envelopeHash"])) == xc.ReceiptStatus.DELIVERED
    # the story tells it, each line naming its chain; the local timeline holds the case's cross-chain events
    assert any(f"链 / chain {b}" in line for line in data["story"]["summary"])
    assert {"CaseSentOut", "CaseOutSettled"} <= {t["event"] for t in data["timeline"]}
    text = run_cli(
        "audit", "case", str(case_id), "--peer", str(_peer_file(pair, tmp_path)),
        rpc=pair.a.chain.url, env={"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)},
    )  # fmt: skip
    assert text.returncode == 0, text.stderr
    assert "跨链经过 / Path across chains (8" in text.stdout
    assert f"链 / chain {b}" in text.stdout and "接收 accepted" in text.stdout


def test_audit_case_follows_a_returned_case_and_refuses_a_bad_peer(
    pair: TwoChains, tmp_path: Path, deployments_dir: Path
) -> None:
    case_id, _ = _round_trip(pair, tmp_path, accept=False)
    peers = open_peers([str(_peer_file(pair, tmp_path))], pair.a)
    assert [p.chain.chain_id for p in peers] == [pair.b.chain.chain_id]
    steps = case_path([pair.a, *peers], pair.a.chain.chain_id, case_id)
    assert [s.event for s in steps][-3:] == ["MessageDelivered", "CaseOutSettled", "CaseTransferCancelled"]
    assert "CaseReturned" in [s.event for s in steps]
    assert xc.CrossChainCasesClient(pair.a).outgoing(case_id).status == xc.OutgoingStatus.RETURNED
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)}
    bad = tmp_path / "bad.json"
    bad.write_text('{"rpc": 5}')
    for spec in (str(bad), str(tmp_path / "missing.json")):
        res = run_cli("audit", "case", str(case_id), "--peer", spec, rpc=pair.a.chain.url, env=env)
        assert res.returncode == 2, res.stdout + res.stderr
        assert "--peer" in res.stderr and "Traceback" not in res.stderr


def test_audit_check_knows_the_cross_chain_statuses(pair: TwoChains, tmp_path: Path, deployments_dir: Path) -> None:
    _round_trip(pair, tmp_path, accept=True)
    returned, _ = _round_trip(pair, tmp_path, accept=False)
    # a returned case may be sent again (Returned → Pending)
    xc.CrossChainCasesClient(pair.a, ACC["clerk"]).send_case(
        returned, pair.b.chain.chain_id, PROCURATORATE_ID, doc("file"), pair.b.chain.timestamp() + 86400
    )
    for suite in pair.suites():
        s = with_crosschain(suite)
        events = audit.fetch_events(s)
        report = audit.check(s, events)
        assert report.ok, [str(f) for f in report.findings]
        names = {e.name for e in events if e.contract == "CrossChainCases"}
        assert names & {"CaseSentOut", "CaseReceived"}
    # the commands read them too: an export holds the cross-chain events and checks clean, on the chain and offline
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)}
    export = tmp_path / "events.jsonl"
    assert run_cli("audit", "export", "--out", str(export), rpc=pair.a.chain.url, env=env).returncode == 0
    assert '"CaseOutSettled"' in export.read_text(encoding="utf-8")
    for extra in ((), ("--events", str(export))):
        checked = run_cli("audit", "check", "--json", *extra, rpc=pair.a.chain.url, env=env)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "CrossChainCases" in {c["name"] for c in json.loads(checked.stdout)["statement"]["contracts"]}
    a = with_crosschain(pair.a)
    events = audit.fetch_events(a)
    # a settlement played twice (transferred, then transferred again) is no transition the contract can make
    settled = next(e for e in events if e.contract == "CrossChainCases" and e.name == "CaseOutSettled")
    report = audit.check(a, [*events, replace(settled, log_index=settled.log_index + 1000)])
    assert any(f.check == "transition" and "CaseOutSettled while" in f.message for f in report.findings), report
    # a stored status the events do not explain is named
    sent = [e for e in events if e.contract == "CrossChainCases" and e.name == "CaseSentOut"]
    report = audit.check(a, [e for e in events if e is not sent[-1]])
    assert any(f.check in ("state", "transition") and "xc-outgoing" in f.subject for f in report.findings), [
        str(f) for f in report.findings
    ]
