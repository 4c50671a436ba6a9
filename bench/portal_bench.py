"""Time to hash and verify a 100 MiB file in the browser, through the real portal in real headless Chromium.

    PYTHONPATH=src .venv/bin/python bench/portal_bench.py [--mib 100] [--runs 3]   → bench/results/portal.json

A throwaway anvil with the suite deployed; a file of random bytes anchored as an archive; the portal on a free port;
Debian's chromium (headless, no sandbox, no background networking). Each run chooses the file in the page
(set_input_files), presses Verify and waits for the result: `hash` is the in-browser SHA-256 (the page's streamed
JS over File.slice chunks, its choice for a file over 32 MiB), `total` adds the API round trip and the chain's
answer. Also measured, outside the page's flow: Web Crypto's one-shot digest of the same File (the whole file read
into memory first) for comparison.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from courtchain import deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients.evidence import AnchorRole, DocumentKind, EvidenceClient
from courtchain.portal import SuiteProvider, create_app
from courtchain.portal.app import run_in_thread
from courtchain.portal.headless import launch_chromium
from courtchain.verify import sha256_file

RESULTS = Path(__file__).resolve().parent / "results" / "portal.json"


def summary(xs: list[float]) -> dict[str, Any]:
    return {"runs": [round(x, 3) for x in xs], "median": round(statistics.median(xs), 3), "min": round(min(xs), 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mib", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log lines in the figures' output

    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp, LocalNode(log_path=Path(tmp) / "a.log") as node:
        chain = Chain(node.url)
        suite = deploy.deploy(chain, fresh=True, directory=Path(tmp) / "deployments").suite
        big = Path(tmp) / "archive.bin"
        with big.open("wb") as f:
            for _ in range(args.mib):
                f.write(os.urandom(1 << 20))
        t0 = time.perf_counter()
        h = sha256_file(big)
        python_seconds = time.perf_counter() - t0
        EvidenceClient(suite, dev_accounts()["clerk"]).anchor(h, DocumentKind.ARCHIVE, 1, AnchorRole.CLERK)
        server, thread = run_in_thread(create_app(SuiteProvider.of(suite)), "127.0.0.1", 0)
        url = f"http://127.0.0.1:{server.server_port}/"
        hash_s: list[float] = []
        total_s: list[float] = []
        wall_s: list[float] = []
        webcrypto_s: list[float] = []
        try:
            with sync_playwright() as p:
                browser = launch_chromium(p)
                version = browser.version
                for _ in range(args.runs):
                    page = browser.new_context().new_page()
                    page.set_default_timeout(600_000)
                    page.goto(url)
                    page.set_input_files("#file", str(big))
                    w0 = time.perf_counter()
                    page.click("#verify")
                    page.wait_for_selector("#result[data-outcome]")
                    wall_s.append(time.perf_counter() - w0)
                    outcome = page.get_attribute("#result", "data-outcome")
                    last = page.evaluate("window.__portalLast")
                    if outcome != "match" or last["hex"] != h.hex():
                        print(f"error: the page said {outcome!r} for the anchored file", file=sys.stderr)
                        return 1
                    hash_s.append(float(last["hash"]))
                    total_s.append(float(last["total"]))
                    method = last["method"]
                    wc = page.evaluate(
                        """async () => {
                          const f = document.getElementById('file').files[0];
                          const r = await window.CourtchainHash.hashBlob(f, {method: 'webcrypto'});
                          return [r.hex, r.seconds];
                        }"""
                    )
                    if wc[0] != h.hex():
                        print("error: Web Crypto disagrees with hashlib", file=sys.stderr)
                        return 1
                    webcrypto_s.append(float(wc[1]))
                    page.context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)

    result = {
        "what": f"hash and verify a {args.mib} MiB file in the browser (portal page, headless Chromium)",
        "fileBytes": args.mib << 20,
        "pageMethod": method,
        "hashSeconds": summary(hash_s),
        "hashAndVerifySeconds": summary(total_s),
        "clickToResultSeconds": summary(wall_s),
        "hashMiBPerSecond": round(args.mib / statistics.median(hash_s), 1),
        "webCryptoOneShotSeconds": summary(webcrypto_s),
        "pythonHashlibSeconds": round(python_seconds, 3),
        "browser": f"Chromium {version} (Debian package), headless",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other jobs: figures are upper bounds)",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
