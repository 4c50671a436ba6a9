"""The relayer as its own process, killed mid-delivery (SIGKILL) and restarted: the message is delivered once,
nothing is skipped; and `courtchain relay trace` follows the case across both chains."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from courtchain.accounts import dev_accounts
from courtchain.clients import crosschain as xc
from courtchain.crosschain_audit import case_path
from courtchain.relay import Relayer
from tests.helpers import SRC

from .conftest import ATTESTOR_INDICES, PROCURATORATE_ID, TwoChains, doc, docketed_case

ACC = dev_accounts()
NAMES = ("CrossChainOutbox", "CrossChainInbox", "CrossChainAttestors", "CrossChainCases", "CaseDocket")


def relay_file(pair: TwoChains, tmp_path: Path, index: int) -> Path:
    cfg = {
        "channel": str(tmp_path / "channel"),
        "state": str(tmp_path / f"state-{index}"),
        "dev_account": index,
        "chains": [{"rpc": s.chain.url, "addresses": {n: s.address(n) for n in NAMES}} for s in pair.suites()],
    }
    path = tmp_path / f"relay-{index}.json"
    path.write_text(json.dumps(cfg))
    return path


def run_relay(config: Path, crash: str | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "PYTHONPATH": SRC}
    env.pop("COURTCHAIN_RELAY_CRASH_AT", None)
    if crash:
        env["COURTCHAIN_RELAY_CRASH_AT"] = crash
    cmd = [sys.executable, "-m", "courtchain", "relay", "run", "--config", str(config), "--once"]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)


def deliveries(pair: TwoChains) -> list[bytes]:
    return [bytes(e.args["envelopeHash"]) for e in pair.b.logs(["CrossChainInbox"]) if e.name == "MessageDelivered"]


@pytest.mark.parametrize("crash", ["journaled", "broadcast", "attested"])
def test_relayer_killed_mid_delivery_delivers_once_after_restart(pair: TwoChains, tmp_path: Path, crash: str) -> None:
    case_id = docketed_case(pair.a)
    sent = xc.CrossChainCasesClient(pair.a, ACC["clerk"]).send_case(
        case_id, pair.b.chain.chain_id, PROCURATORATE_ID, doc("file"), pair.b.chain.timestamp() + 86400
    )
    h = bytes(sent.event("MessageSent").args["envelopeHash"])
    # the other two organisations' relayers attest (one pass each; the threshold is two, so they do not wait)
    others = [
        Relayer(pair.suites(), a, tmp_path / "channel", tmp_path / f"other-{a.address}") for a in pair.attestors[1:]
    ]
    for r in others:
        r.follow(xc_report())
    cfg = relay_file(pair, tmp_path, ATTESTOR_INDICES[0])
    killed = run_relay(cfg, crash)
    assert killed.returncode == -9, killed.stderr
    inbox = xc.InboxClient(pair.b)
    if crash == "broadcast":
        assert deliveries(pair) == [h]  # it went out before the process died
    else:
        assert inbox.receipt(h) == xc.ReceiptStatus.NONE
    again = run_relay(cfg)
    assert again.returncode == 0, again.stderr
    assert deliveries(pair) == [h]  # exactly once
    assert inbox.receipt(h) == xc.ReceiptStatus.DELIVERED
    # a later run finds nothing more to do and submits nothing twice
    assert run_relay(cfg).returncode == 0
    assert deliveries(pair) == [h]
    assert xc.CrossChainCasesClient(pair.b).incoming_count() == 1


def xc_report():  # type: ignore[no-untyped-def]
    from courtchain.relay import RelayReport

    return RelayReport()


def test_trace_follows_the_case_across_both_chains(pair: TwoChains, tmp_path: Path) -> None:
    case_id = docketed_case(pair.a)
    xc.CrossChainCasesClient(pair.a, ACC["clerk"]).send_case(
        case_id, pair.b.chain.chain_id, PROCURATORATE_ID, doc("file"), pair.b.chain.timestamp() + 86400
    )
    relayers = [Relayer(pair.suites(), a, tmp_path / "channel", tmp_path / f"s-{a.address}") for a in pair.attestors]
    for _ in range(2):
        for r in relayers:
            r.run_pass()
    xc.CrossChainCasesClient(pair.b, ACC["procurator"]).accept_case(1)
    for _ in range(2):
        for r in relayers:
            r.run_pass()
    steps = case_path(pair.suites(), pair.a.chain.chain_id, case_id)
    a, b = pair.a.chain.chain_id, pair.b.chain.chain_id
    assert [(s.chain_id, s.event) for s in steps] == [
        (a, "CaseTransferInitiated"),
        (a, "CaseSentOut"),
        (b, "MessageDelivered"),
        (b, "CaseReceived"),
        (b, "CaseAccepted"),
        (a, "MessageDelivered"),
        (a, "CaseOutSettled"),
        (a, "CaseTransferAccepted"),
    ]
    from tests.helpers import run_cli

    out = run_cli("relay", "trace", "--config", str(relay_file(pair, tmp_path, 20)), "--chain-id", str(a), str(case_id))
    assert out.returncode == 0, out.stderr
    assert "已移出 transferred out" in out.stdout and "接收 accepted" in out.stdout


def test_bad_relay_file_and_missing_key_get_one_clear_error(tmp_path: Path) -> None:
    from courtchain.cli.exits import ExitCode
    from tests.helpers import run_cli

    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out = run_cli("relay", "run", "--config", str(bad), "--once")
    assert out.returncode == ExitCode.USAGE and out.stderr.startswith("error: relay file"), out.stderr
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"chains": [{"rpc": "http://127.0.0.1:1", "addresses": {}}]}))
    out = run_cli("relay", "run", "--config", str(one), "--once")
    assert out.returncode == ExitCode.USAGE and "at least two chains" in out.stderr, out.stderr
    out = run_cli("relay", "run", "--config", str(tmp_path / "absent.json"), "--once")
    assert out.returncode == ExitCode.USAGE and "no relay file" in out.stderr, out.stderr
