"""The Python mirrors of the cross-chain enums and message kinds match the Solidity ones."""

from __future__ import annotations

import re
from pathlib import Path

from courtchain.clients import crosschain as xc
from tests.helpers import assert_enum_mirror

ROOT = Path(__file__).resolve().parents[2]


def test_enum_mirrors() -> None:
    assert_enum_mirror(xc.CommitmentStatus, "ICrossChainOutbox.sol")
    assert_enum_mirror(xc.ReceiptStatus, "ICrossChainInbox.sol")
    assert_enum_mirror(xc.OutgoingStatus, "ICrossChainCases.sol")
    assert_enum_mirror(xc.IncomingStatus, "ICrossChainCases.sol")


def test_message_kinds_mirror_the_contract_constants() -> None:
    source = (ROOT / "contracts" / "crosschain" / "CrossChainCases.sol").read_text()
    kinds = {name: int(v) for name, v in re.findall(r"uint16 internal constant KIND_(\w+) = (\d+);", source)}
    assert kinds == {k.name: int(k) for k in xc.MessageKind}


def test_type_hashes_match_the_library() -> None:
    source = (ROOT / "contracts" / "crosschain" / "EnvelopeHash.sol").read_text()
    envelope = "".join(re.findall(r'"([^"]*)"', source.split("ENVELOPE_TYPEHASH = keccak256(")[1].split(");")[0]))
    assert envelope == xc.ENVELOPE_TYPE
