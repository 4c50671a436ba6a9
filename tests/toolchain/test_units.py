"""Yuan, Beijing time, case numbers and CSV encodings as a person types and reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from courtchain.units import (
    UnitError,
    amount_json,
    csv_text,
    format_time,
    format_yuan,
    normalise_case_number,
    parse_base_units,
    parse_time,
    parse_yuan,
    read_csv_rows,
)

YUAN = 10**18


@pytest.mark.parametrize("text", ["120000", "120,000.00", "¥120000", "￥120,000元", "１２００００", " 120000.0 "])
def test_yuan_forms_agree(text: str) -> None:
    assert parse_yuan(text) == 120_000 * YUAN


def test_yuan_keeps_every_decimal_and_refuses_more() -> None:
    assert parse_yuan("0.000000000000000001") == 1
    assert parse_yuan("12.34", decimals=2) == 1234
    with pytest.raises(UnitError, match="more decimals"):
        parse_yuan("0.001", decimals=2)


@pytest.mark.parametrize("text", ["-5", "1e5", "12,34", "abc", "", "1,0000", str(2**300)])
def test_bad_amounts_say_what_was_expected(text: str) -> None:
    with pytest.raises(UnitError):
        parse_yuan(text)


def test_format_is_exact_and_round_trips() -> None:
    assert format_yuan(120_000 * YUAN) == "¥120,000.00"
    assert format_yuan(120_000) == "¥0.00000000000012"
    assert format_yuan(1234, decimals=2, symbol=False) == "12.34"
    for units in (0, 1, 10**17, 123_456_789 * YUAN + 7):
        assert parse_yuan(format_yuan(units)) == units
    exact = amount_json(2**255)
    assert exact["base_units"] == str(2**255) and parse_yuan(exact["yuan"]) == 2**255


def test_base_units_are_digits_only() -> None:
    assert parse_base_units("1_000") == 1000
    with pytest.raises(UnitError):
        parse_base_units("1.5")


def test_times_are_beijing_by_default() -> None:
    ts = parse_time("2027-03-01T10:00")
    assert format_time(ts) == "2027-03-01T10:00:00+08:00"
    assert parse_time("2027-03-01T02:00:00Z") == ts
    assert parse_time("2027-03-01T10:00:00+08:00") == ts
    assert parse_time("2027-03-01") == ts - 10 * 3600
    assert parse_time(str(ts)) == ts
    assert format_time(0) == "-"
    with pytest.raises(UnitError, match="ISO 8601"):
        parse_time("next tuesday")


@pytest.mark.parametrize(
    "text", ["(2027)京0491民初1号", "（2027）京0491民初1号", "〔2027〕京0491民初1号", " (2027) 京0491 民初 1 号"]
)
def test_case_numbers_fold_to_one_form(text: str) -> None:
    assert normalise_case_number(text) == "(2027)京0491民初1号"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_reads_what_excel_saves(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes('案号,金额\r\n（2027）京0491民初1号,"￥120,000.00"\r\n'.encode(encoding))
    rows = read_csv_rows(path)
    assert rows == [["案号", "金额"], ["（2027）京0491民初1号", "￥120,000.00"]]
    assert parse_yuan(rows[1][1]) == 120_000 * YUAN


def test_csv_written_with_bom_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text(csv_text(["案号", "金额"], [["(2027)京0491民初1号", str(2**200)]]), encoding="utf-8", newline="")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_csv_rows(path)[1] == ["(2027)京0491民初1号", str(2**200)]
