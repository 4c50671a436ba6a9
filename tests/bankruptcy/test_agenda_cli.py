"""`courtchain bankruptcy` input checks of the agenda and the shareholders' class: one clear line and a non-zero exit
for bad input, before any chain call (no node needed)."""

from __future__ import annotations

import pytest

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
