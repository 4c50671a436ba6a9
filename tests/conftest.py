"""Shared fixtures: one real anvil for the whole run, the suite deployed once, a snapshot before each test and a
revert after it (Curve-style), and the dev accounts by role name."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from eth_account.signers.local import LocalAccount

from courtchain import deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.suite import Suite

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNode]:
    log = tmp_path_factory.mktemp("node") / "anvil.log"
    with LocalNode(kind=os.environ.get("COURTCHAIN_TEST_NODE", "anvil"), log_path=log) as n:
        yield n


@pytest.fixture(scope="session")
def chain(node: LocalNode) -> Chain:
    return Chain(node.url)


@pytest.fixture(scope="session")
def deployment(chain: Chain, tmp_path_factory: pytest.TempPathFactory) -> deploy.Deployment:
    return deploy.deploy(chain, fresh=True, directory=tmp_path_factory.mktemp("deployments"))


@pytest.fixture(scope="session")
def suite(deployment: deploy.Deployment) -> Suite:
    return deployment.suite


@pytest.fixture(scope="session")
def deployments_dir(deployment: deploy.Deployment) -> Path:
    return deployment.path.parent


@pytest.fixture(autouse=True)
def _signals_kept() -> Iterator[None]:
    """A test leaves this process's handling of Ctrl-C and SIGTERM as it found it: the processes later tests start
    inherit an ignored or blocked signal, and a follower that must stop on Ctrl-C then never does."""
    kept = (signal.SIGINT, signal.SIGTERM)
    before = ({s: signal.getsignal(s) for s in kept}, signal.pthread_sigmask(signal.SIG_BLOCK, []))
    yield
    after = ({s: signal.getsignal(s) for s in kept}, signal.pthread_sigmask(signal.SIG_BLOCK, []))
    assert after == before, f"this test changed the process's signal handling: {before} -> {after}"


@pytest.fixture(autouse=True)
def _isolate(request: pytest.FixtureRequest) -> Iterator[None]:
    """Snapshot before every test that touches the chain, revert after it, and forget cached nonces."""
    if "chain" not in request.fixturenames and "suite" not in request.fixturenames:
        yield
        return
    chain: Chain = request.getfixturevalue("chain")
    suite: Suite = request.getfixturevalue("suite")
    snap = chain.snapshot()
    suite.reset_nonces()
    try:
        yield
    finally:
        chain.revert(snap)
        # A reverted snapshot keeps the node's transaction pool: a transaction a test left unmined (automatic mining
        # off, a pipeline cut short) would be mined in a later test's block and take that test's nonce.
        if "anvil" in chain.client_version.lower():
            chain.rpc("anvil_dropAllTransactions")
        suite.reset_nonces()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium under Playwright (never a downloaded browser), one per test process: Playwright's sync API
    runs one instance per thread, so every browser test of a worker shares this one. (Imported here: Brownie's own
    environment reads this file too, and has no Playwright.)"""
    from playwright.sync_api import sync_playwright

    from courtchain.portal import headless

    if not Path(headless.CHROMIUM).exists():
        pytest.fail(f"{headless.CHROMIUM} is missing: `make chromium` installs Debian's chromium package")
    with sync_playwright() as p:
        b = headless.launch_chromium(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def accts() -> dict[str, LocalAccount]:
    return dev_accounts()


def _named(name: str):  # type: ignore[no-untyped-def]
    @pytest.fixture(scope="session", name=name)
    def fixture(accts: dict[str, LocalAccount]) -> LocalAccount:
        return accts[name]

    return fixture


for _name in dev_accounts():
    globals()[_name] = _named(_name)


# Hypothesis profiles for the stateful fuzz tests: `fast` (the default: `make test`), `full` (`make fuzz`) and
# `thorough` (`make fuzz-thorough`), selected with `--fuzz-profile NAME` (or HYPOTHESIS_PROFILE=NAME).
from hypothesis import HealthCheck, Phase, settings  # noqa: E402

_FUZZ_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    "database": None,
}
settings.register_profile("fast", max_examples=10, stateful_step_count=20, **_FUZZ_COMMON)  # type: ignore[arg-type]
settings.register_profile("full", max_examples=50, stateful_step_count=20, **_FUZZ_COMMON)  # type: ignore[arg-type]
settings.register_profile("thorough", max_examples=500, stateful_step_count=30, **_FUZZ_COMMON)  # type: ignore[arg-type]
# `quick`: what scripts/mutate.py runs against every mutant (the fuzz is one of the tests that may kill it).
# No shrinking: a mutant is killed by the first failing example.
settings.register_profile(
    "quick",
    max_examples=10,
    stateful_step_count=20,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    **_FUZZ_COMMON,  # type: ignore[arg-type]
)


def pytest_addoption(parser: pytest.Parser) -> None:
    profiles = ["fast", "full", "thorough", "quick"]
    parser.addoption("--fuzz-profile", default=None, choices=profiles, help="hypothesis profile")


def pytest_configure(config: pytest.Config) -> None:
    # A run started where Ctrl-C is ignored (a background job of a script, `nohup`) passes SIG_IGN on to every
    # process it starts, and Python then installs no KeyboardInterrupt handler: the followers and nodes the tests stop
    # with Ctrl-C would never stop. The tests' processes take Ctrl-C as a terminal would deliver it.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    # Parallel workers (make test: pytest-xdist) choose their nodes' ports in ranges of their own, below the system's
    # ephemeral range: two workers never take one port at the same moment.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and worker[2:].isdigit():
        low = 20000 + 1000 * (int(worker[2:]) % 12)
        os.environ["COURTCHAIN_PORT_RANGE"] = f"{low}-{low + 999}"
    settings.load_profile(config.getoption("--fuzz-profile") or os.environ.get("HYPOTHESIS_PROFILE", "fast"))


# Each run records how long every test file took (build/test-durations.json, written by the controller); the next
# run hands out the longest work first. A fresh clone starts from tests/durations.json (a copy of such a record;
# refresh it with `cp build/test-durations.json tests/durations.json` when files come and go). Without either, the
# multi-node network's files lead, then every file with a test marked `slow`.
DURATIONS = Path(__file__).resolve().parent.parent / "build" / "test-durations.json"
SEED_DURATIONS = Path(__file__).resolve().parent / "durations.json"
_file_seconds: dict[str, float] = {}
# Folders whose files share an expensive session fixture go to one worker as one unit of work: the index's demo chain
# and PostgreSQL cluster, the cross-chain tests' second chain with its own deployment. Spread over three workers,
# each would be made three times.
SHARED_SETUP = ("tests/index/", "tests/crosschain/")


def work_unit(nodeid: str) -> str:
    """What one worker takes whole: the test's file, or its folder when the folder shares a session fixture."""
    path = nodeid.split("::", 1)[0]
    return next((folder for folder in SHARED_SETUP if path.startswith(folder)), path)


@pytest.hookimpl(optionalhook=True)  # an xdist hook: a run without xdist does not know it
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadfile` with `work_unit` as its unit, handed out in collection order."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LoadWorkUnitScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return LoadWorkUnitScheduling(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest work first: parallel workers take whole units of work (`work_unit`) in collection order (`--dist
    loadfile` with `--no-loadscope-reorder`), so a long unit handed out last would run alone at the end while the
    other workers idle. The order within a file is kept."""
    recorded: dict[str, float] = {}
    for source in (DURATIONS, SEED_DURATIONS):
        try:
            recorded = json.loads(source.read_text())
            break
        except (OSError, ValueError):
            continue
    unit_seconds: dict[str, float] = {}
    for path, seconds in recorded.items():
        unit_seconds[work_unit(path)] = unit_seconds.get(work_unit(path), 0.0) + seconds
    rank: dict[str, tuple[int, float]] = {}
    for item in items:
        unit = work_unit(item.nodeid)
        marks = {m.name for m in item.iter_markers()}
        here = (0 if "network" in marks else 1 if "slow" in marks else 2, 0.0)
        if recorded:  # a file not in the record (new) goes first: its duration is unknown
            here = (0, -unit_seconds.get(unit, 1e9))
        rank[unit] = min(rank.get(unit, here), here)
    # stable: a unit's files and a file's tests keep their order
    items.sort(key=lambda item: (rank[work_unit(item.nodeid)], work_unit(item.nodeid)))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    path = report.nodeid.split("::", 1)[0]
    _file_seconds[path] = _file_seconds.get(path, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    # the controller (or a run without workers), and not a run of part of some files (-k, -m): their figures would
    # stand for whole files. A run of some files updates theirs.
    option = session.config.option
    if os.environ.get("PYTEST_XDIST_WORKER") or option.keyword or option.markexpr or session.testsfailed:
        return
    try:
        recorded: dict[str, float] = json.loads(DURATIONS.read_text())
    except (OSError, ValueError):
        recorded = {}
    recorded.update({path: round(seconds, 1) for path, seconds in _file_seconds.items()})
    if _file_seconds:
        DURATIONS.parent.mkdir(exist_ok=True)
        DURATIONS.write_text(json.dumps(dict(sorted(recorded.items())), indent=1) + "\n")
