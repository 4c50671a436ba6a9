"""Run Slither over contracts/ through the offline compiler front, and fail on any finding that must be triaged and is
not accepted, with a reason, by an entry of the triage file for that very instance.

What must be triaged: every High and Medium finding, and the Low `calls-loop` findings (an external call in a loop:
one failing call reverts the whole loop, the pattern behind audit finding M5).

The triage file (analysis/slither-triage.json) is a list of entries keyed per finding *instance*:

    {"detector": "incorrect-equality", "contract": "EvidenceRegistry", "function": "_fill",
     "instance": "rv.revokedAt == 0", "reason": "... `_revoke` ..."}

- `contract` and `function` are where the finding is (function "" for a contract-level finding);
- `instance` is a stable description of the instance, built from the finding's elements (no line numbers): the
  source expressions of the nodes it points at (an external call, a comparison, a write after a call), joined with
  " | ", or `local <name>` for a local variable. `--all` prints each finding with its key, ready to copy;
- `reason` says why the instance is accepted and names the code it relies on in backticks (`_revoke`,
  `MemberStatus.Active`). The check fails when a reason names no code, or names code (a contract, function,
  modifier, variable, event, error, struct, enum or enum value) that no longer exists in contracts/; and when an
  entry matches no current finding (the code moved: triage it again).

Runs in its own environment (`.venv-slither`, made by `make slither`), since slither's dependencies are not the
project's. Compiles with bin/solc-v0.8.28 over standard JSON (crytic-compile's solc-json platform), so no compiler is
downloaded. Writes every finding to build/slither-report.json and prints a summary.

Usage: .venv-slither/bin/python analysis/slither_check.py [--all]   (--all also prints the findings not triaged)
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # slither lives in .venv-slither; the triage checks below import without it (tests/toolchain)
    from crytic_compile import CryticCompile
    from slither import Slither
    from slither.detectors.abstract_detector import AbstractDetector

ROOT = Path(__file__).resolve().parents[1]
TRIAGE = ROOT / "analysis" / "slither-triage.json"
REPORT = ROOT / "build" / "slither-report.json"
FAILING = {"High", "Medium"}
FAILING_DETECTORS = {"calls-loop"}  # Low, but triaged: an external call in a loop fails the loop as a whole
KEY = ("detector", "contract", "function", "instance")
CODE_NAME = re.compile(r"`([^`]+)`")
IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def compile_suite() -> CryticCompile:
    from crytic_compile import CryticCompile
    from crytic_compile.platform.solc_standard_json import SolcStandardJson

    sources = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "contracts").rglob("*.sol"))
    # Mocks under contracts/test/ are test doubles (malicious receivers on purpose): not analysed.
    sources = [s for s in sources if not s.startswith("contracts/test/")]
    # slither's compilation (no optimizer, sources by path) matches no other: keeping its output in the solc front's
    # cache (bin/solc-cache.js) would only push the builds' out
    os.environ["COURTCHAIN_SOLC_CACHE"] = "off"
    standard = SolcStandardJson()
    standard.add_source_files(sources)
    standard.add_remapping("@openzeppelin/=node_modules/@openzeppelin/")
    return CryticCompile(
        standard,
        solc=str(ROOT / "bin" / "solc-v0.8.28"),
        solc_working_dir=str(ROOT),
        solc_disable_warnings=True,
    )


def detectors() -> list[type[AbstractDetector]]:
    from slither.detectors import all_detectors
    from slither.detectors.abstract_detector import AbstractDetector

    return [d for d in vars(all_detectors).values() if isinstance(d, type) and issubclass(d, AbstractDetector)]


def must_triage(finding: dict[str, Any]) -> bool:
    return finding["impact"] in FAILING or finding["detector"] in FAILING_DETECTORS


def _where(element: dict[str, Any]) -> tuple[str, str]:
    """(contract, function) of a result element."""
    parent = element.get("type_specific_fields", {}).get("parent", {})
    kind = element.get("type")
    if kind == "contract":
        return str(element.get("name", "")), ""
    if kind in ("function", "modifier"):
        return str(parent.get("name", "")), str(element.get("name", ""))
    if parent.get("type") in ("function", "modifier"):
        grand = parent.get("type_specific_fields", {}).get("parent", {})
        return str(grand.get("name", "")), str(parent.get("name", ""))
    if parent.get("type") == "contract":
        return str(parent.get("name", "")), ""
    return "", ""


def _instance(elements: list[dict[str, Any]]) -> str:
    """A stable description of one finding: its nodes' source expressions, or the local variable's name."""
    parts: list[str] = []
    for e in elements:
        kind = e.get("type")
        if kind == "node":
            text = " ".join(str(e.get("name", "")).split())
        elif kind == "variable":
            text = f"local {e.get('name', '')}"
        else:
            continue
        if text not in parts:
            parts.append(text)
    return " | ".join(parts)


def findings_of(slither: Slither) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for results in slither.run_detectors():
        for r in results:
            elements = r.get("elements", [])
            where = elements[0].get("source_mapping", {}).get("filename_relative", "?") if elements else "?"
            if "node_modules" in where:
                continue
            contract, function = _where(elements[0]) if elements else ("", "")
            out.append(
                {
                    "detector": r["check"],
                    "impact": r["impact"],
                    "confidence": r["confidence"],
                    "file": where,
                    "contract": contract,
                    "function": function,
                    "instance": _instance(elements),
                    "description": r["description"].strip(),
                }
            )
    return out


def code_names(slither: Slither) -> set[str]:
    """Every name declared in the analysed sources and what they import: contracts, functions, modifiers, state and
    local variables, parameters, events, errors, structs and their fields, enums and their values."""
    names: set[str] = set()

    def add_function(f: Any) -> None:
        names.add(f.name)
        for v in getattr(f, "variables", []):
            if v.name:
                names.add(v.name)

    def add_struct(s: Any) -> None:
        names.add(s.name)
        names.update(getattr(s, "elems", {}).keys())

    def add_enum(e: Any) -> None:
        names.add(e.name)
        names.update(getattr(e, "values", []))

    for unit in slither.compilation_units:
        for c in unit.contracts:
            names.add(c.name)
            for f in list(c.functions) + list(c.modifiers):
                add_function(f)
            names.update(v.name for v in c.state_variables)
            names.update(e.name for e in c.events)
            names.update(e.name for e in getattr(c, "custom_errors", []))
            for s in c.structures:
                add_struct(s)
            for e in c.enums:
                add_enum(e)
        for f in getattr(unit, "functions_top_level", []):
            add_function(f)
        for s in getattr(unit, "structures_top_level", []):
            add_struct(s)
        for e in getattr(unit, "enums_top_level", []):
            add_enum(e)
        names.update(e.name for e in getattr(unit, "custom_errors", []))
        names.update(v.name for v in getattr(unit, "variables_top_level", []))
    return names


def check_triage(triage: list[dict[str, Any]], names: set[str]) -> list[str]:
    """Problems of the triage file itself: missing keys or reason, a reason naming no code or code that is gone."""
    problems: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for t in triage:
        label = f"{t.get('detector')} {t.get('contract')}.{t.get('function')} [{t.get('instance')}]"
        if any(not isinstance(t.get(k), str) for k in KEY):
            problems.append(f"triage entry without {', '.join(k for k in KEY if not isinstance(t.get(k), str))}: {t}")
            continue
        key = tuple(t[k] for k in KEY)
        if key in seen:
            problems.append(f"triage entry twice: {label}")
        seen.add(key)
        reason = str(t.get("reason") or "").strip()
        if not reason:
            problems.append(f"triage entry without a reason: {label}")
            continue
        cited = CODE_NAME.findall(reason)
        if not cited:
            problems.append(f"triage reason names no code (put identifiers in backticks): {label}")
        gone = sorted({n for c in cited for n in IDENTIFIER.findall(c) if n not in names})
        if gone:
            problems.append(f"triage reason names code that no longer exists ({', '.join(gone)}): {label}")
    return problems


def main() -> int:
    from slither import Slither

    show_all = "--all" in sys.argv
    slither = Slither(compile_suite(), exclude_dependencies=True)
    for d in detectors():
        slither.register_detector(d)
    findings = findings_of(slither)
    triage: list[dict[str, Any]] = json.loads(TRIAGE.read_text()) if TRIAGE.exists() else []
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(findings, indent=2) + "\n")
    problems = check_triage(triage, code_names(slither))
    accepted = {tuple(t.get(k) for k in KEY) for t in triage}
    current = {tuple(f[k] for k in KEY) for f in findings}
    for t in triage:
        if tuple(t.get(k) for k in KEY) not in current:
            problems.append(
                f"triage entry matches no current finding (code changed: triage again): {t.get('detector')} "
                f"{t.get('contract')}.{t.get('function')} [{t.get('instance')}]"
            )
    failing = [f for f in findings if must_triage(f) and tuple(f[k] for k in KEY) not in accepted]
    by_impact: dict[str, int] = {}
    for f in findings:
        by_impact[f["impact"]] = by_impact.get(f["impact"], 0) + 1
    print("slither findings by impact:", json.dumps(by_impact, sort_keys=True))
    print(f"accepted in {TRIAGE.relative_to(ROOT)}: {len(triage)}; report: {REPORT.relative_to(ROOT)}")
    for f in findings:
        if show_all or f in failing:
            mark = "FAIL" if f in failing else "    "
            print(f"{mark} [{f['impact']}/{f['detector']}] {f['description'].splitlines()[0]}")
            if f in failing or (show_all and must_triage(f)):
                key = {k: f[k] for k in KEY}
                print(f"       key: {json.dumps(key, ensure_ascii=False)}")
    for p in problems:
        print(p, file=sys.stderr)
    if failing:
        print(f"{len(failing)} finding(s) that must be triaged are not", file=sys.stderr)
    if failing or problems:
        return 1
    print("slither: every high, medium and calls-loop finding is triaged, each reason names existing code")
    return 0


if __name__ == "__main__":
    sys.exit(main())
