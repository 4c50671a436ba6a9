"""The boundary between the main environment and Brownie's (.venv-brownie, `make brownie-test`)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from courtchain import paths
from courtchain.chain import DEFAULT_RPC, brownie_rpc_url, default_rpc_url


def test_the_main_run_blocks_brownies_plugin_by_its_entry_point_name(pytestconfig: pytest.Config) -> None:
    # the plugin registers as "pytest-brownie"; `-p no:brownie` alone would not keep it out
    assert pytestconfig.pluginmanager.is_blocked("pytest-brownie")


def test_the_main_run_ignores_tests_brownie(pytestconfig: pytest.Config) -> None:
    ignored = {Path(p).resolve() for p in pytestconfig.getoption("ignore") or []}
    assert (paths.ROOT / "tests" / "brownie").resolve() in ignored


def _fake_brownie(connected: bool, uri: str | None) -> types.ModuleType:
    provider = types.SimpleNamespace(endpoint_uri=uri)
    network = types.SimpleNamespace(is_connected=lambda: connected, web3=types.SimpleNamespace(provider=provider))
    module = types.ModuleType("brownie")
    module.network = network  # type: ignore[attr-defined]
    return module


def test_scripts_use_brownies_network_when_brownie_runs_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURTCHAIN_RPC", "http://127.0.0.1:9999")
    monkeypatch.setitem(sys.modules, "brownie", _fake_brownie(True, "http://127.0.0.1:8555"))
    assert brownie_rpc_url() == "http://127.0.0.1:8555"
    assert default_rpc_url() == "http://127.0.0.1:8555"


def test_scripts_fall_back_to_courtchain_rpc_without_a_connected_brownie(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "brownie", _fake_brownie(False, "http://127.0.0.1:8555"))
    monkeypatch.setenv("COURTCHAIN_RPC", "http://127.0.0.1:9999")
    assert brownie_rpc_url() is None
    assert default_rpc_url() == "http://127.0.0.1:9999"
    monkeypatch.delitem(sys.modules, "brownie")
    monkeypatch.delenv("COURTCHAIN_RPC")
    assert default_rpc_url() == DEFAULT_RPC
