"""Run Slither over contracts/ through the offline compiler front, and fail on any high or medium finding that the
triage file does not accept with a reason.

Runs in its own environment (`.venv-slither`, made by `make slither`), since slither's dependencies are not the
project's. Compiles with bin/solc-v0.8.28 over standard JSON (crytic-compile's solc-json platform), so no compiler is
downloaded. Writes every finding to build/slither-report.json and prints a summary.

Usage: .venv-slither/bin/python analysis/slither_check.py [--all]   (--all also prints low/informational findings)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from crytic_compile import CryticCompile
from crytic_compile.platform.solc_standard_json import SolcStandardJson
from slither import Slither
from slither.detectors import all_detectors
from slither.detectors.abstract_detector import AbstractDetector

ROOT = Path(__file__).resolve().parents[1]
TRIAGE = ROOT / "analysis" / "slither-triage.json"
REPORT = ROOT / "build" / "slither-report.json"
FAILING = {"High", "Medium"}


def compile_suite() -> CryticCompile:
    sources = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "contracts").rglob("*.sol"))
    # Mocks under contracts/test/ are test doubles (malicious receivers on purpose): not analysed.
    sources = [s for s in sources if not s.startswith("contracts/test/")]
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
    return [d for d in vars(all_detectors).values() if isinstance(d, type) and issubclass(d, AbstractDetector)]


def main() -> int:
    show_all = "--all" in sys.argv
    slither = Slither(compile_suite(), exclude_dependencies=True)
    for d in detectors():
        slither.register_detector(d)
    findings = []
    for results in slither.run_detectors():
        for r in results:
            elements = r.get("elements", [])
            where = elements[0].get("source_mapping", {}).get("filename_relative", "?") if elements else "?"
            if "node_modules" in where:
                continue
            first = elements[0].get("name", "") if elements else ""
            findings.append(
                {
                    "detector": r["check"],
                    "impact": r["impact"],
                    "confidence": r["confidence"],
                    "file": where,
                    "element": first,
                    "description": r["description"].strip(),
                }
            )
    triage = json.loads(TRIAGE.read_text()) if TRIAGE.exists() else []
    accepted = {(t["detector"], t["file"], t["element"]) for t in triage}
    for t in triage:
        if not t.get("reason"):
            print(f"triage entry without a reason: {t}", file=sys.stderr)
            return 2
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(findings, indent=2) + "\n")
    failing = [f for f in findings if f["impact"] in FAILING and (f["detector"], f["file"], f["element"]) not in accepted]
    by_impact: dict[str, int] = {}
    for f in findings:
        by_impact[f["impact"]] = by_impact.get(f["impact"], 0) + 1
    print("slither findings by impact:", json.dumps(by_impact, sort_keys=True))
    print(f"accepted in {TRIAGE.relative_to(ROOT)}: {len(triage)}; report: {REPORT.relative_to(ROOT)}")
    for f in findings:
        if show_all or f in failing:
            mark = "FAIL" if f in failing else "    "
            print(f"{mark} [{f['impact']}/{f['detector']}] {f['description'].splitlines()[0]}")
    if failing:
        print(f"{len(failing)} high/medium finding(s) not triaged", file=sys.stderr)
        return 1
    print("slither: no untriaged high or medium findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
