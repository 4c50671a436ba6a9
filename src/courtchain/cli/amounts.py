"""Amounts as people type and read them: yuan with the settlement token's decimals (`120000`, `120,000.00`,
`¥120000`), shown as `¥120,000.00`; `--base-units` types and shows the token's integer base units instead. Times are
ISO 8601 with their zone, Beijing time (UTC+8) unless the text gives another zone. In `--json`, an amount is
`{"base_units": "<exact integer>", "yuan": "120000.00"}` and a time an ISO 8601 string."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import click

from ..errors import UsageError
from ..units import UnitError, amount_json, format_time, format_yuan, parse_base_units, parse_time, parse_yuan

F = TypeVar("F", bound=Callable[..., Any])

BASE_UNITS_HELP = "Amounts typed and shown in the token's integer base units (10**decimals per yuan) instead of yuan."
_TOP = 2**256


def amount_options(f: F) -> F:
    """`--base-units` on a command that takes or shows amounts; put it right below `@chain_options`."""

    @click.option("--base-units", "base_units", is_flag=True, help=BASE_UNITS_HELP)
    @functools.wraps(f)
    def wrapper(session: Any, *args: Any, base_units: bool, **kwargs: Any) -> Any:
        session.base_units = base_units
        return f(session, *args, **kwargs)

    return cast(F, wrapper)


def parse_amount(text: str, what: str, decimals: int, *, base_units: bool = False, minimum: int = 0) -> int:
    """An amount in yuan (or, with `base_units`, an integer of base units), as a usage error naming `what`."""
    raw = str(text).strip()
    digits = raw.replace(",", "").lstrip("¥￥").removesuffix("元").split(".")[0]
    if digits.isdigit() and len(digits) > 80:  # 2**256 has 78 digits: say the range, never print the whole number
        shown = f"{raw[:10]}…({len(raw)} digits)"
        raise UsageError(
            f"{what} is out of range: {shown} is more than the chain can hold (at most 2**256-1 base units)",
            option=what,
        )
    try:
        units = parse_base_units(raw) if base_units else parse_yuan(raw, decimals)
    except UnitError as exc:
        if "larger than any amount" in str(exc):
            raise UsageError(
                f"{what} is out of range: {raw!r} is more than the chain can hold (at most 2**256-1 base units)",
                option=what,
            ) from None
        how = "a whole number of base units (--base-units)" if base_units else "yuan, e.g. 120000, 120,000.00, ¥120000"
        raise UsageError(f"{what}: {exc} — give {how}", option=what) from None
    if units < minimum:
        raise UsageError(f"{what} must be more than zero, got {text!r}", option=what)
    return units


def show_amount(units: int, decimals: int, *, base_units: bool = False) -> str:
    """`¥120,000.00`, or `120000000000000000000000 base units` under --base-units."""
    return f"{int(units)} base units" if base_units else format_yuan(int(units), decimals)


def money(units: int, decimals: int) -> dict[str, str]:
    """The JSON shape of an amount (units.amount_json)."""
    return amount_json(int(units), decimals)


def parse_when(text: str, what: str) -> int:
    """An ISO 8601 time (Beijing time when no zone is given) or Unix seconds, as a usage error naming `what`."""
    try:
        return parse_time(text)
    except UnitError as exc:
        raise UsageError(f"{what}: {exc}", option=what) from None


def when(ts: int | None) -> str:
    """Unix seconds → `2027-03-01T10:00:00+08:00` (Beijing time), `-` for none."""
    return format_time(ts)


def when_json(ts: int | None) -> str | None:
    """A time in JSON: ISO 8601 with +08:00, null for none."""
    return format_time(ts) if ts else None


def with_units(data: Any, decimals: int, *, money_keys: frozenset[str], time_keys: frozenset[str]) -> Any:
    """`data` (as `to_jsonable` makes it) with the integers under `money_keys` as amounts and those under
    `time_keys` as ISO 8601 times (Beijing time), at any depth; lists of integers under those keys too."""
    from .session import to_jsonable

    def walk(v: Any, key: str | None) -> Any:
        if isinstance(v, dict):
            return {k: walk(x, k) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x, key) for x in v]
        if isinstance(v, int) and not isinstance(v, bool) and key is not None:
            if key in money_keys:
                return amount_json(v, decimals)
            if key in time_keys:
                return when_json(v)
        return v

    return walk(to_jsonable(data), None)


__all__ = [
    "BASE_UNITS_HELP",
    "amount_options",
    "money",
    "parse_amount",
    "parse_when",
    "show_amount",
    "when",
    "when_json",
    "with_units",
]
