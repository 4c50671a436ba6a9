"""`courtchain credential` end to end over --rpc against the session's deployment: issue, show, suspend (two
accounts), discipline, export, verify; bad input gets one clear error and exit code, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount

from courtchain.chain import LocalNode
from courtchain.suite import Suite
from tests.helpers import run_cli

from .conftest import LICENCE, Licensing

H = "0x" + "5a" * 32


def _cli(node: LocalNode, deployments: Path, *args: str, code: int = 0) -> Any:
    out = run_cli(*args, "--json", rpc=node.url, env={"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments)})
    assert out.returncode == code, (args, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else None


def _index(acct: LocalAccount) -> int:
    from courtchain.accounts import dev_account

    return next(i for i in range(20, 26) if dev_account(i).address == acct.address)


def test_issue_suspend_discipline_export_verify(
    node: LocalNode, deployments_dir: Path, suite: Suite, licensing: Licensing, tmp_path: Path
) -> None:
    b1, b2, bar1, bar2 = (
        f"dev:{_index(a)}" for a in (licensing.bureau1, licensing.bureau2, licensing.bar1, licensing.bar2)
    )
    issued = _cli(
        node,
        deployments_dir,
        "credential",
        "issue",
        licensing.lawyer.address,
        "--kind",
        "lawyer",
        "--licence-number",
        LICENCE,
        "--name",
        "张 三",
        "--firm",
        "北京某某律师事务所",
        "--category",
        "专职",
        "--as",
        b1,
    )
    cid = str(issued["credential_id"])
    shown = _cli(node, deployments_dir, "credential", "show", cid)
    assert shown["valid"] is True and shown["issuer"]["name"] == "北京市司法局"
    vc_path = tmp_path / "vc.json"
    exported = _cli(
        node,
        deployments_dir,
        "credential",
        "export",
        cid,
        "--as",
        b1,
        "--out",
        str(vc_path),
        "--licence-number",
        LICENCE,
        "--name",
        "张三",
        "--salt",
        issued["salt"],
    )
    assert exported["vc"]["credentialSubject"]["disclosure"]["licenceNumber"] == LICENCE
    verified = _cli(node, deployments_dir, "credential", "verify", str(vc_path))
    assert verified["authentic"] is True and verified["disclosed"] is True and verified["valid"] is True

    proposed = _cli(
        node, deployments_dir, "credential", "suspend", cid, "--decision", H, "--reason", "停止执业", "--as", b1
    )
    _cli(node, deployments_dir, "credential", "approve", str(proposed["action_id"]), "--as", b1, code=1)  # self
    approved = _cli(node, deployments_dir, "credential", "approve", str(proposed["action_id"]), "--as", b2)
    assert approved["validity"] == "suspended"
    d = _cli(
        node,
        deployments_dir,
        "credential",
        "discipline",
        cid,
        "--type",
        "warning",
        "--decision",
        H,
        "--reason",
        "警告",
        "--as",
        bar1,
    )
    _cli(node, deployments_dir, "credential", "approve", str(d["action_id"]), "--as", bar2)
    for cmd in ("reinstate", "revoke", "cancel"):
        _cli(node, deployments_dir, "credential", cmd, cid, "--decision", H, "--reason", "x", "--as", b1)
    verified = _cli(node, deployments_dir, "credential", "verify", str(vc_path))
    assert verified["valid"] is False and verified["validity"] == "suspended"
    assert [x["type"] for x in verified["public_discipline"]] == ["warning"]

    # one character changed: refused with exit 1
    vc_path.write_text(vc_path.read_text(encoding="utf-8").replace("北京某某", "北京某甲"), encoding="utf-8")
    err = _cli(node, deployments_dir, "credential", "verify", str(vc_path), code=1)
    assert "signature" in err["error"]["message"]


def test_bad_input_is_one_clear_error(node: LocalNode, deployments_dir: Path, suite: Suite, tmp_path: Path) -> None:
    err = _cli(
        node,
        deployments_dir,
        "credential",
        "issue",
        "0x" + "11" * 20,
        "--kind",
        "lawyer",
        "--licence-number",
        "123",
        "--name",
        "张三",
        "--firm",
        "所",
        "--as",
        "dev:20",
        code=1,
    )
    assert "17 digits" in err["error"]["message"]
    err = _cli(node, deployments_dir, "credential", "show", "--holder", "0x" + "11" * 20, "--kind", "judge", code=1)
    assert "unknown credential kind" in err["error"]["message"]
    junk = tmp_path / "junk.json"
    junk.write_text("not json")
    _cli(node, deployments_dir, "credential", "verify", str(junk), code=1)
    _cli(node, deployments_dir, "credential", "show", "99", code=1)


def test_text_output_for_people(
    node: LocalNode, deployments_dir: Path, suite: Suite, licensing: Licensing, tmp_path: Path
) -> None:
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)}
    b1 = f"dev:{_index(licensing.bureau1)}"
    args = ("--kind", "mediator", "--licence-number", "310120200001", "--name", "李四", "--firm", "朝阳调解委员会")
    out = run_cli("credential", "issue", licensing.lawyer.address, *args, "--as", b1, rpc=node.url, env=env)
    assert (
        out.returncode == 1 and "CredentialNotAuthorised" in out.stderr
    )  # a justice bureau does not license mediators
    args = ("--kind", "legal-aid", "--licence-number", "310120200001", "--name", "李四", "--firm", "北京市法律援助中心")
    out = run_cli("credential", "issue", licensing.lawyer.address, *args, "--as", b1, rpc=node.url, env=env)
    assert out.returncode == 0 and "keep it with the licence" in out.stdout, out.stderr
    shown = run_cli(
        "credential", "show", "--holder", licensing.lawyer.address, "--kind", "legal-aid", rpc=node.url, env=env
    )
    assert shown.returncode == 0 and "法律援助人员" in shown.stdout and "有效 valid" in shown.stdout, shown.stderr
    vc = run_cli("credential", "export", "1", "--as", b1, rpc=node.url, env=env)
    assert vc.returncode == 0 and json.loads(vc.stdout)["proof"]["type"] == "EthereumEip712Signature2021"
    path = tmp_path / "vc.json"
    path.write_text(vc.stdout, encoding="utf-8")
    checked = run_cli("credential", "verify", str(path), rpc=node.url, env=env)
    assert checked.returncode == 0 and "issuer's" in checked.stdout, checked.stderr
