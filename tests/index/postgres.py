"""A throwaway PostgreSQL cluster for the index's tests: Debian's server binaries (`make postgresql` installs them),
`initdb` into a temp directory, `pg_ctl` on a free port with trust authentication on 127.0.0.1, stopped and removed
at the end. PostgreSQL refuses to run as root, so under root the cluster is made and run as the `postgres` account
(created by Debian's package) through `runuser`."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from courtchain.chain import free_port
from courtchain.index import url_of


def server_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


class Cluster:
    def __init__(self, port: int) -> None:
        self.port = port
        self._n = 0

    def new_database(self, name: str) -> str:
        """A new empty database; its URL."""
        self._n += 1
        db = f"{name}_{self._n}".lower()
        engine = sa.create_engine(url_of(f"postgresql://courtchain@127.0.0.1:{self.port}/postgres"))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{db}"'))
        engine.dispose()
        return f"postgresql://courtchain@127.0.0.1:{self.port}/{db}"


@contextmanager
def cluster() -> Iterator[Cluster]:
    bin_dir = server_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL's server is not installed: `make postgresql` installs Debian's package")
    root = Path(tempfile.mkdtemp(prefix="courtchain-pg-"))
    as_postgres = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_postgres else []
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
    data, log = root / "data", root / "server.log"
    port = free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stderr or done.stdout}\n{tail}")

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "courtchain", "--auth=trust", "-E", "UTF8", "--no-locale")
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
        try:
            yield Cluster(port)
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
