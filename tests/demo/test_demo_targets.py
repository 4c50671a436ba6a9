"""The demo on the portability build: the fisco build (solc 0.8.11) on an anvil running istanbul, the oldest hardfork
FISCO BCOS's EVM matches, with zero gas price, as FISCO's free-gas chains run."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli


def test_the_whole_demo_runs_on_the_fisco_build_on_an_istanbul_node(tmp_path: Path) -> None:
    r = run_cli("demo", "--target", "fisco", "--json", "--documents", str(tmp_path / "documents"))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["compiler"].startswith("0.8.11") and out["evm_version"] == "istanbul"
    assert len(out["steps"]) == 18 and out["transactions"] > 50


def test_a_target_other_than_the_deployed_one_is_refused(chain, deployment, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli(
        "deploy", "--target", "fisco", rpc=chain.url, env={"COURTCHAIN_DEPLOYMENTS_DIR": str(deployment.path.parent)}
    )
    assert r.returncode == 1
    assert r.stderr.strip() == (
        f"error: chain {chain.chain_id} runs the paris build; this command asks for fisco "
        "(deploy afresh with --fresh, or drop --target)"
    )
