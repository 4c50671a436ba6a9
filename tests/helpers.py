"""Small helpers for tests: assert the exact custom error of a revert."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from courtchain.errors import ContractRevert


@contextmanager
def reverts(error: str, **args: Any) -> Iterator[pytest.ExceptionInfo[ContractRevert]]:
    """Expect a ContractRevert named `error`, with the given arguments (compared by name; others are ignored)."""
    with pytest.raises(ContractRevert) as info:
        yield info
    assert info.value.error == error, f"expected {error}, got {info.value}"
    for k, v in args.items():
        got = info.value.arguments[k]
        if isinstance(v, str) and isinstance(got, str):
            assert got.lower() == v.lower(), f"{error}.{k}: expected {v}, got {got}"
        else:
            assert got == v, f"{error}.{k}: expected {v!r}, got {got!r}"
