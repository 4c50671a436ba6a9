"""`courtchain bankruptcy` input checks: the agenda and the shareholders' class (one clear line and a non-zero exit
for bad input, before any chain call: no node needed), and amounts (read with the token's decimals from the chain)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from courtchain.chain import Chain

from ..helpers import run_cli


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["shareholder", "1", "register 1", "debtor", "100.00001"], "up to 4 decimals"),
        (["shareholder", "1", "register 1", "debtor", "0"], "more than 0 and at most 100 %"),
        (["shareholder", "1", "register 1", "debtor", "100.01%"], "more than 0 and at most 100 %"),
        (["meeting", "1", "ordinary,secret", "--starts", "2030-01-01", "--closes", "2030-01-02"], "resolution kind"),
        (["meeting", "1", "ordinary", "--equity", "--starts", "2030-01-01", "--closes", "2030-01-02"], "exactly one"),
        (["act", "1", "confirm-claims", "--ref", "1", "--value", "2", "--item", "1"], "--item"),
        (["act", "1", "override", "--ref", "1", "--item", "8"], "an item is 0 to 7"),
    ],
)
def test_bad_agenda_input_is_one_clear_line(args: list[str], needle: str) -> None:
    out = run_cli("bankruptcy", *args, rpc="http://127.0.0.1:9")
    assert out.returncode != 0
    assert needle in out.stderr, out.stderr
    assert "Traceback" not in out.stderr


def test_a_mistyped_amount_is_a_usage_error_like_every_commands(chain: Chain, deployments_dir: Path) -> None:
    """`bankruptcy claim` reads amounts as every command does (`Session.amount`): a mistyped amount is a usage error
    (exit 2, code bad_input) naming the argument and how to write one, and an amount past uint256 says the range."""
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)}
    out = run_cli("bankruptcy", "claim", "1", "12x", "--json", rpc=chain.url, env=env)
    assert out.returncode == 2, out.stdout + out.stderr
    error = json.loads(out.stdout)["error"]
    assert error["code"] == "bad_input" and "amount" in error["message"] and "yuan" in error["message"]
    out = run_cli("bankruptcy", "claim", "1", "9" * 90, rpc=chain.url, env=env)
    assert out.returncode == 2 and "out of range" in out.stderr, out.stderr
