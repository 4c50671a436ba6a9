"""What a person types and reads: yuan, Beijing time, official case numbers and spreadsheet CSV.

Every amount on chain is an integer in the settlement token's base units (`decimals` places, 18 for the suite's
token); every time is Unix seconds. People type and read yuan (`120000`, `120,000.00`, `¥120000`) and ISO 8601 times
with their zone, Beijing time (UTC+8) by default. Machines keep the exact integers: JSON carries both.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path

BEIJING = timezone(timedelta(hours=8), "UTC+8")
DEFAULT_DECIMALS = 18

_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


class UnitError(ValueError):
    """An amount, time or case number a person typed that cannot be read; the message says what was expected."""


# -- amounts ------------------------------------------------------------------------------------------------------


def parse_yuan(text: str, decimals: int = DEFAULT_DECIMALS) -> int:
    """`120000`, `120,000.00`, `¥120000`, `￥120,000元` → base units; refuses negatives and excess decimals."""
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    body = raw.removeprefix("¥").removeprefix("CNY").removesuffix("元").strip()
    if not _AMOUNT.match(body):
        raise UnitError(f"not an amount in yuan: {text!r} (e.g. 120000, 120,000.00 or ¥120000)")
    with localcontext() as exact:
        exact.prec = 200  # the default 28 digits would round a uint256 amount silently
        try:
            value = Decimal(body.replace(",", ""))
        except InvalidOperation as e:  # pragma: no cover - the pattern admits only decimals
            raise UnitError(f"not an amount in yuan: {text!r}") from e
        scaled = value.scaleb(decimals)
        if scaled != scaled.to_integral_value():
            raise UnitError(f"{text!r} has more decimals than the token's {decimals}")
        units = int(scaled)
    if units >= 2**256:
        raise UnitError(f"{text!r} is larger than any amount the chain can hold")
    return units


def parse_base_units(text: str) -> int:
    """An exact integer amount in base units (for `--base-units`): digits only."""
    raw = str(text).strip().replace("_", "")
    if not raw.isdigit() or not raw.isascii():
        raise UnitError(f"not a whole number of base units: {text!r}")
    units = int(raw)
    if units >= 2**256:
        raise UnitError(f"{text!r} is larger than any amount the chain can hold")
    return units


def format_yuan(units: int, decimals: int = DEFAULT_DECIMALS, *, symbol: bool = True) -> str:
    """Base units → `¥120,000.00`: two places, more only when the amount needs them to stay exact."""
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(int(units)), 10**decimals)
    digits = f"{frac:0{decimals}d}".rstrip("0") if decimals else ""
    digits = digits.ljust(2, "0")
    return f"{sign}{'¥' if symbol else ''}{whole:,}.{digits}"


def amount_json(units: int, decimals: int = DEFAULT_DECIMALS) -> dict[str, str]:
    """The JSON shape of an amount: exact base units as a string (no float, no 2**53 limit) beside the yuan."""
    return {"base_units": str(int(units)), "yuan": format_yuan(units, decimals, symbol=False).replace(",", "")}


# -- time ---------------------------------------------------------------------------------------------------------


def format_time(ts: int | None, zone: timezone = BEIJING) -> str:
    """Unix seconds → ISO 8601 with its zone, Beijing time by default: `2027-03-01T10:00:00+08:00`; 0/None → `-`."""
    if not ts:
        return "-"
    return datetime.fromtimestamp(int(ts), UTC).astimezone(zone).isoformat()


def format_time_human(ts: int | None, zone: timezone = BEIJING) -> str:
    """`2027-03-01 10:00:00 (UTC+8)`: the same instant for a reader; 0/None → `-`."""
    if not ts:
        return "-"
    return datetime.fromtimestamp(int(ts), UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S (UTC+8)")


def parse_time(text: str, zone: timezone = BEIJING) -> int:
    """ISO 8601 (`2027-03-01T10:00+08:00`, `2027-03-01 10:00`, `2027-03-01`) → Unix seconds.

    A time without a zone is Beijing time; a bare date is its midnight in Beijing. All digits are read as Unix
    seconds, which older scripts pass.
    """
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    if raw.isdigit():
        return int(raw)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            moment = datetime.combine(date.fromisoformat(raw), datetime.min.time())
        else:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as e:
        raise UnitError(f"not a time: {text!r} (ISO 8601, e.g. 2027-03-01T10:00+08:00; Beijing time if no zone)") from e
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return int(moment.timestamp())


# -- case numbers -------------------------------------------------------------------------------------------------

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")"})


def normalise_case_number(text: str) -> str:
    """`（2027）京0491民初1号`, `〔2027〕…`, `(2027) 京0491 民初 1 号` → `(2027)京0491民初1号` (half-width)."""
    folded = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS)
    return re.sub(r"\s+", "", folded)


# -- CSV a spreadsheet opens and saves ----------------------------------------------------------------------------

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


def read_csv_text(path: Path) -> str:
    """A CSV file's text: UTF-8 with or without BOM, or GBK (what Excel saves on Chinese Windows; GB18030 ⊇ GBK)."""
    data = Path(path).read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnitError(f"{path}: neither UTF-8 nor GBK text")


def read_csv_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV file in any of the accepted encodings."""
    return list(csv.reader(io.StringIO(read_csv_text(path), newline="")))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a UTF-8 BOM, so Excel opens Chinese text and long figures correctly.

    Amounts go out as text (a yuan figure with its decimals, or base units as a string), never as a float column.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
