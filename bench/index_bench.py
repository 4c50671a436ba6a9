"""The event index at scale: catch-up rate and the time of a case page, a document lookup and a subject's listings at
10^4, 10^5 and 10^6 indexed events, on SQLite and PostgreSQL.

    python bench/run.py index [--sizes 10000,100000,1000000] [--pg-sizes 10000,100000] [--anchors 2000]
                                                                                  → bench/results/index.json

How the events are made:
1. Real, through the real contracts on a throwaway anvil: the demo's whole procedure (a docketed case, an obligation,
   its default, an enforcement case with creditors, distributions and withdrawals, credit listings, services…),
   then `--anchors` documents anchored one transaction each (pipelined, `EvidenceClient.anchor_many`, as the clerk,
   spread over 100 case numbers) and 20 batches of 64 documents (`anchor_batch`, one Merkle root each).
2. The catch-up rate is `Follower.run_pass()` over that real chain into an empty index (SQLite file; a database in a
   throwaway local PostgreSQL cluster, fsync off), best and median of 3 runs.
3. The rest is produced by replicating the real index's rows with new ids (`replicate`): replica r copies every row
   of every table that belongs to a block (events, event keys, links, topics, money, deadline changes, blocks) with
   blocks moved past the previous replica, every entity id (case, obligation, enforcement, entry, service, order,
   objection, admission… in keys, links, the indexed columns and id-sized topic words) + r x 10^7, every hash
   (document hashes, subject commitments, hash-sized topic words, tx and block hashes) replaced by keccak(r, hash);
   addresses and the events' JSON arguments are kept as they are (what a query selects on is remapped; what it
   returns is a copy of the original). A replica is a chain of the same shape: the same families, the same sizes.
4. At each size, as the index grows: 200 case pages (`GET /api/cases/{id}/events`, the first page of 50, through
   the portal's Flask app in-process: the index's lookups + JSON; it also asks the node for the head and the case's
   docket number), 200 document lookups (`GET /api/documents/{hash}`) and 200 subjects' listings
   (`GET /api/subjects/{c}/listings`), each on an id/hash/commitment drawn at random from all the replicas; median
   and p95, plus the same three queries without HTTP (`case_events`, `events_by`). Then, from copies of the index
   kept at each size, every size's queries in turn (`interleaved`): the load of a shared machine changes over
   minutes and would otherwise weigh on one size more than another; the growth figures are taken from it.

Runs under `nice`; the machine is shared (the load average is recorded at the start and the end).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from common import ROOT, deployed, machine, write_result
from eth_utils import keccak

sys.path.insert(0, str(ROOT))

from courtchain import demo
from courtchain.accounts import dev_accounts
from courtchain.clients.evidence import AnchorRole, DocumentKind, EvidenceClient
from courtchain.index import Follower, connect, events_by, schema, url_of
from courtchain.index.query import case_events
from courtchain.portal import SuiteProvider, create_app
from courtchain.portal.index_source import IndexSource
from courtchain.suite import Suite

STRIDE = 10**7  # id offset per replica
ID_KINDS = ("case", "obligation", "enforcement", "entry", "service", "order", "objection", "admission")
HASH_KINDS = ("anchor",)
QUERIES = 200


def _rehash(r: int, h: str | None) -> str | None:
    if h is None:
        return None
    return "0x" + keccak(r.to_bytes(4, "big") + bytes.fromhex(h[2:])).hex()


def _value(kind: str, value: str, r: int) -> str:
    if kind in HASH_KINDS or value.startswith("0x"):
        return str(_rehash(r, value))
    if value.lstrip("-").isdigit():
        return str(int(value) + r * STRIDE)
    return value


def _word(word: str, r: int) -> str:
    n = int(word, 16)
    if n < 2**48:  # an id (case, service, entry…) or a small number
        return "0x" + (n + r * STRIDE).to_bytes(32, "big").hex()
    if n < 2**160:  # an address: kept
        return word
    return str(_rehash(r, word))


def _id(v: Any, r: int) -> Any:
    return None if v is None else int(v) + r * STRIDE


class Template:
    """The real index's rows, read once; `rows(r)` gives replica r's."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        with engine.connect() as conn:
            self.tables = {
                t.name: [dict(row._mapping) for row in conn.execute(sa.select(t))]
                for t in (*schema.BLOCK_TABLES, schema.blocks)
            }
        self.span = max(int(b["number"]) for b in self.tables["blocks"]) + 1
        self.events = len(self.tables["events"])

    def rows(self, r: int) -> dict[sa.Table, list[dict[str, Any]]]:
        shift = r * self.span
        out: dict[sa.Table, list[dict[str, Any]]] = {}
        out[schema.blocks] = [
            {
                **b,
                "number": b["number"] + shift,
                "hash": _rehash(r, b["hash"]),
                "parent_hash": _rehash(r, b["parent_hash"]),
            }
            for b in self.tables["blocks"]
        ]
        out[schema.events] = [
            {
                **e,
                "block": e["block"] + shift,
                "tx_hash": _rehash(r, e["tx_hash"]),
                "case_id": _id(e["case_id"], r),
                "filing_id": _id(e["filing_id"], r),
                "enforcement_id": _id(e["enforcement_id"], r),
                "obligation_id": _id(e["obligation_id"], r),
                "document_hash": _rehash(r, e["document_hash"]),
                "subject_key": _rehash(r, e["subject_key"]),
            }
            for e in self.tables["events"]
        ]
        out[schema.event_keys] = [
            {**k, "block": k["block"] + shift, "value": _value(k["kind"], k["value"], r)}
            for k in self.tables["event_keys"]
        ]
        out[schema.links] = [
            {
                **k,
                "block": k["block"] + shift,
                "value": _value(k["kind"], k["value"], r),
                "other_value": _value(k["other_kind"], k["other_value"], r),
            }
            for k in self.tables["links"]
        ]
        out[schema.event_topics] = [
            {**t, "block": t["block"] + shift, "value": _word(t["value"], r)} for t in self.tables["event_topics"]
        ]
        out[schema.money] = [
            {**m, "block": m["block"] + shift, "enforcement_id": m["enforcement_id"] + r * STRIDE}
            for m in self.tables["money"]
        ]
        out[schema.deadline_changes] = [
            {**d, "block": d["block"] + shift, "item": str(int(d["item"]) + r * STRIDE)}
            for d in self.tables["deadline_changes"]
        ]
        return out


def replicate(engine: sa.engine.Engine, template: Template, first: int, last: int) -> float:
    """Insert replicas first..last (one transaction each); the cursor moves to the last replica's end. Seconds."""
    t0 = time.perf_counter()
    for r in range(first, last + 1):
        rows = template.rows(r)
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":  # the copies need no crash safety (PostgreSQL runs with fsync off)
                conn.exec_driver_sql("PRAGMA synchronous=OFF")
            for table, batch in rows.items():
                if batch:
                    conn.execute(sa.insert(table), batch)
            conn.execute(
                sa.update(schema.cursor).values(block=(r + 1) * template.span - 1).where(schema.cursor.c.id == 1)
            )
    return time.perf_counter() - t0


def _stats(xs: list[float]) -> dict[str, float]:
    ms = sorted(x * 1000 for x in xs)
    return {
        "medianMs": round(statistics.median(ms), 3),
        "p95Ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 3),
        "n": len(ms),
    }


class Probe:
    """QUERIES case pages, document lookups and subjects' listings on ids drawn at random from all the replicas of
    one index, through the portal's Flask app in-process (and the same queries without HTTP)."""

    def __init__(self, suite: Suite, url: str, template: Template, replicas: int, rng: random.Random) -> None:
        case_ids = sorted({int(e["case_id"]) for e in template.tables["events"] if e["case_id"] is not None})
        docs = sorted({e["document_hash"] for e in template.tables["events"] if e["document_hash"]})
        subjects = sorted({e["subject_key"] for e in template.tables["events"] if e["subject_key"]})
        pick = [rng.randrange(replicas) for _ in range(QUERIES)]
        self.cases = [case_ids[rng.randrange(len(case_ids))] + r * STRIDE for r in pick]
        self.hashes = [str(_rehash(r, docs[rng.randrange(len(docs))])) for r in pick]
        self.commitments = [str(_rehash(r, subjects[rng.randrange(len(subjects))])) for r in pick]
        self.source = IndexSource(url)
        self.client = create_app(SuiteProvider.of(suite), self.source).test_client()
        self.engine = connect(url)
        self.suite = suite

    def _page(self, path: str) -> None:
        resp = self.client.get(path)
        assert resp.status_code == 200, (path, resp.status_code, resp.get_data(as_text=True)[:300])

    def tasks(self) -> dict[str, list[Callable[[], Any]]]:
        s, e = self.suite, self.engine
        return {
            "casePage": [partial(self._page, f"/api/cases/{c}/events?per_page=50") for c in self.cases],
            "documentLookup": [partial(self._page, f"/api/documents/{h}") for h in self.hashes],
            "subjectListings": [partial(self._page, f"/api/subjects/{c}/listings") for c in self.commitments],
            "caseEvents": [partial(case_events, s, e, ("case", c)) for c in self.cases],
            "documentEvents": [partial(events_by, s, e, "document_hash", h) for h in self.hashes],
            "subjectEvents": [partial(events_by, s, e, "subject_key", c) for c in self.commitments],
        }

    def close(self) -> None:
        self.engine.dispose()
        self.source.engine.dispose()


PAGES = ("casePage", "documentLookup", "subjectListings")


def _timed(task: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    task()
    return time.perf_counter() - t0


def measure_queries(probe: Probe) -> dict[str, Any]:
    """One size alone (as the index grows)."""
    out: dict[str, Any] = {"query": {}}
    for name, tasks in probe.tasks().items():
        tasks[0]()  # warm
        stats = _stats([_timed(t) for t in tasks])
        if name in PAGES:
            out[name] = stats
        else:
            out["query"][name] = stats
    return out


def interleaved(probes: dict[str, Probe]) -> dict[str, Any]:
    """Every size's queries in turn (size A's i-th, size B's i-th, …, the order rotating): the machine's load, which
    changes over minutes on a shared machine, weighs on every size alike, so the growth between sizes is fair."""
    tasks = {size: p.tasks() for size, p in probes.items()}
    sizes = list(probes)
    times: dict[str, dict[str, list[float]]] = {size: {} for size in sizes}
    for name in tasks[sizes[0]]:
        for size in sizes:
            tasks[size][name][0]()  # warm
        for i in range(QUERIES):
            for j in range(len(sizes)):
                size = sizes[(i + j) % len(sizes)]
                times[size].setdefault(name, []).append(_timed(tasks[size][name][i]))
    return {size: {name: _stats(xs) for name, xs in by_name.items()} for size, by_name in times.items()}


def snapshot(url: str, size: int) -> str:
    """A copy of the index as it is now (a SQLite file copied; a PostgreSQL database made from it as a template)."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        copy = f"{path}.{size}"
        shutil.copyfile(path, copy)
        return f"sqlite:///{copy}"
    base, db = url.rsplit("/", 1)
    admin = sa.create_engine(url_of(f"{base}/postgres"))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{db}_{size}" TEMPLATE "{db}"'))
    admin.dispose()
    return f"{base}/{db}_{size}"


def catch_up(suite: Suite, new_url: Callable[[str], str], runs: int = 3) -> dict[str, Any]:
    rates, seconds, events = [], [], 0
    for i in range(runs):
        engine = connect(new_url(f"catchup{i}"))
        report = Follower(suite, engine).run_pass()
        events = report.events
        seconds.append(report.seconds)
        rates.append(report.events / report.seconds)
        engine.dispose()
    return {
        "events": events,
        "eventsPerSecondBest": round(max(rates)),
        "eventsPerSecondMedian": round(statistics.median(rates)),
        "secondsMedian": round(statistics.median(seconds), 3),
        "runs": runs,
    }


def scale(
    suite: Suite, url: str, template: Template, sizes: list[int], rng: random.Random, log: Callable[[str], None]
) -> dict[str, Any]:
    engine = connect(url)
    out: dict[str, Any] = {}
    copies: dict[str, tuple[str, int]] = {}
    replicas = 1  # replica 0: the real index itself
    for size in sizes:
        want = max(1, -(-size // template.events))
        if want > replicas:
            took = replicate(engine, template, replicas, want - 1)
            log(f"  {want - replicas} replicas inserted in {took:.0f} s")
            replicas = want
        with engine.connect() as conn:
            n = int(conn.execute(sa.select(sa.func.count()).select_from(schema.events)).scalar_one())
        log(f"  {n:,} events indexed: measuring")
        probe = Probe(suite, url, template, replicas, rng)
        out[str(size)] = {"indexedEvents": n, "replicas": replicas, **measure_queries(probe)}
        probe.close()
        log(f"  {size}: {json.dumps({k: v for k, v in out[str(size)].items() if k != 'query'})}")
        engine.dispose()
        copies[str(size)] = (snapshot(url, size) if size != sizes[-1] else url, replicas)
    engine.dispose()
    probes = {size: Probe(suite, u, template, r, random.Random(int(size))) for size, (u, r) in copies.items()}
    log(f"  every size in turn: {', '.join(probes)}")
    out["interleaved"] = interleaved(probes)
    for p in probes.values():
        p.close()
    shown = {s: {k: v for k, v in x.items() if k in PAGES} for s, x in out["interleaved"].items()}
    log(f"  interleaved: {json.dumps(shown)}")
    return out


def growth(by_size: dict[str, Any]) -> dict[str, Any]:
    """Median at the largest size / at the smallest, from the interleaved measurement (and as the index grew)."""
    sizes = [k for k in by_size if k not in ("interleaved", "growth")]
    first, last = sizes[0], sizes[-1]
    mixed = by_size["interleaved"]
    return {
        f"{k} ({last}/{first}, median)": {
            "interleaved": round(mixed[last][k]["medianMs"] / mixed[first][k]["medianMs"], 2),
            "asItGrew": round(by_size[last][k]["medianMs"] / by_size[first][k]["medianMs"], 2),
        }
        for k in PAGES
    }


def _index_real(suite: Suite, url: str) -> None:
    """Replica 0: the real chain indexed by the follower."""
    engine = connect(url)
    Follower(suite, engine).run_pass()
    engine.dispose()


@contextmanager
def _postgres() -> Iterator[Any]:
    from tests.index.postgres import cluster

    with cluster() as c:
        yield c


def measure(sizes: list[int], pg_sizes: list[int], anchors: int, log: Callable[[str], None] = print) -> dict[str, Any]:
    load = os.getloadavg()
    rng = random.Random(22)
    result: dict[str, Any] = {"method": __doc__}
    with deployed() as d, tempfile.TemporaryDirectory(prefix="index-bench-") as tmp:
        suite = d.suite
        t0 = time.perf_counter()
        first = d.chain.block_number() + 1
        demo.run(suite, lambda _r: None, documents=Path(tmp) / "docs")
        clerk = EvidenceClient(suite, dev_accounts()["clerk"])
        per_case = max(1, anchors // 100)
        for case in range(100):
            hashes = [os.urandom(32) for _ in range(per_case)]
            clerk.anchor_many(hashes, DocumentKind.JUDGMENT, case_id=case + 1, role=AnchorRole.CLERK)
        for _ in range(20):
            clerk.anchor_batch([os.urandom(32) for _ in range(64)], DocumentKind.EVIDENCE, role=AnchorRole.CLERK)
        log(f"real chain: blocks {first}..{d.chain.block_number()} in {time.perf_counter() - t0:.0f} s")
        sqlite = lambda name: f"sqlite:///{tmp}/{name}.sqlite"  # noqa: E731
        result["catchUp"] = {"sqlite": catch_up(suite, sqlite)}
        log(f"catch-up sqlite: {result['catchUp']['sqlite']}")
        template_engine = connect(sqlite("catchup0"))
        template = Template(template_engine)
        template_engine.dispose()
        result["realEvents"] = template.events
        result["realBlocks"] = template.span
        with _postgres() as pg:
            result["catchUp"]["postgresql"] = catch_up(suite, pg.new_database)
            log(f"catch-up postgresql: {result['catchUp']['postgresql']}")
            write_result("index", {**result, "machine": machine(load)})
            log("sqlite at scale:")
            url = sqlite("scale")
            _index_real(suite, url)
            result["sqlite"] = scale(suite, url, template, sizes, rng, log)
            result["sqlite"]["growth"] = growth(result["sqlite"])
            write_result("index", {**result, "machine": machine(load)})
            if pg_sizes:
                log("postgresql at scale:")
                url = pg.new_database("scale")
                _index_real(suite, url)
                result["postgresql"] = scale(suite, url, template, pg_sizes, rng, log)
                result["postgresql"]["growth"] = growth(result["postgresql"])
    result["machine"] = machine(load)
    write_result("index", result)
    return result
