"""The Slither triage file and its check (analysis/slither_check.py), without Slither itself: entries are keyed per
finding instance, every reason names existing code in backticks, and Low calls-loop findings must be triaged."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("slither_check", ROOT / "analysis" / "slither_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _source_names() -> set[str]:
    """Every identifier in contracts/ (a superset of what Slither declares: enough to check reasons offline)."""
    names: set[str] = set()
    for path in (ROOT / "contracts").rglob("*.sol"):
        names.update(re.findall(r"[A-Za-z_$][A-Za-z0-9_$]*", path.read_text(encoding="utf-8")))
    return names


def test_triage_file_is_keyed_per_instance_and_names_existing_code() -> None:
    sc = _check()
    triage = json.loads((ROOT / "analysis" / "slither-triage.json").read_text(encoding="utf-8"))
    assert triage and all(set(sc.KEY) | {"reason"} == set(t) for t in triage)
    assert sc.check_triage(triage, _source_names()) == []
    # the M5 calls-loop instances are triaged one by one
    loops = [t for t in triage if t["detector"] == "calls-loop" and t["function"] in ("_callDocket", "_callOffice")]
    assert {t["instance"].split("(target).")[1].split("(")[0] for t in loops} == {
        "fileFromObligation",
        "openFromObligation",
    }


def test_a_reason_naming_code_that_no_longer_exists_fails() -> None:
    sc = _check()
    entry = {
        "detector": "reentrancy-no-eth",
        "contract": "ObligationRegistry",
        "function": "_default",
        "instance": "x | y",
        "reason": "`triggerDefaults` is nonReentrant and `defaultFromBatch` is callable only by the registry itself.",
    }
    (problem,) = sc.check_triage([entry], _source_names())
    assert "no longer exists (defaultFromBatch)" in problem
    assert "names no code" in sc.check_triage([{**entry, "reason": "fine, trust me"}], _source_names())[0]
    assert "without a reason" in sc.check_triage([{**entry, "reason": ""}], _source_names())[0]
    assert "twice" in sc.check_triage([{**entry, "reason": "`_default`"}] * 2, _source_names())[0]
    old_format = {"detector": "x", "file": "contracts/a.sol", "element": "f", "reason": "`_default`"}
    assert "without contract, function, instance" in sc.check_triage([old_format], _source_names())[0]


def test_low_calls_loop_must_be_triaged_and_instances_are_stable() -> None:
    sc = _check()
    assert sc.must_triage({"impact": "Low", "detector": "calls-loop"})
    assert sc.must_triage({"impact": "Medium", "detector": "incorrect-equality"})
    assert not sc.must_triage({"impact": "Low", "detector": "timestamp"})
    fn: dict[str, Any] = {"type": "function", "name": "_default"}
    fn["type_specific_fields"] = {"parent": {"type": "contract", "name": "ObligationRegistry"}}
    node = {
        "type": "node",
        "name": "consequenceId =   IDocketIntake(target).fileFromObligation(id)",
        "type_specific_fields": {"parent": fn},
    }
    local = {"type": "variable", "name": "mask", "type_specific_fields": {"parent": fn}}
    assert sc._where(fn) == ("ObligationRegistry", "_default") == sc._where(node) == sc._where(local)
    assert sc._instance([fn, node, node]) == "consequenceId = IDocketIntake(target).fileFromObligation(id)"
    assert sc._instance([local]) == "local mask"
