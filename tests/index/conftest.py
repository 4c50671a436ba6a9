"""Fixtures of the index's tests: one demo chain and one throwaway PostgreSQL cluster for the whole session, and a
new empty database per test on each of SQLite and PostgreSQL. Tests that change the chain restore it (evm_snapshot /
evm_revert) or only add to it; every comparison is against the chain as it is at the time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from courtchain import demo, deploy
from courtchain.chain import Chain, LocalNode
from courtchain.suite import Suite
from tests.index.common import NewDb
from tests.index.postgres import Cluster, cluster


@pytest.fixture(scope="session")
def demo_chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Suite, LocalNode, Path]]:
    """A fresh node and deployment with the demo's whole procedure on it (the demo travels in time)."""
    records = tmp_path_factory.mktemp("index-deployments")
    with LocalNode() as node:
        chain = Chain(node.url)
        first = chain.block_number() + 1
        suite = deploy.deploy(chain, fresh=True, directory=records).suite
        blocks = range(first, chain.block_number() + 1)
        demo.run(suite, lambda _r: None, deployment_blocks=blocks, documents=tmp_path_factory.mktemp("index-docs"))
        yield suite, node, records


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the session (tests/index/postgres.py)."""
    with cluster() as c:
        yield c


@pytest.fixture(params=["sqlite", "postgresql"])
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> NewDb:
    """Makes a new empty database and gives its URL: a SQLite file, or a database in the throwaway cluster."""
    if request.param == "sqlite":
        return lambda name: f"sqlite:///{tmp_path / name}.sqlite"
    pg: Cluster = request.getfixturevalue("postgres")
    return pg.new_database
