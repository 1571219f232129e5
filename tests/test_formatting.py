"""Babel with an explicit Vietnamese locale, whatever the machine's locale is."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from briefing.content.formatting import VietnameseFormat
from briefing.content.model import Figure


@pytest.fixture
def fmt(monkeypatch):
    # The machine's locale must not matter.
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    return VietnameseFormat()


def figure(**fields):
    base = {"id": "x", "value": 1, "unit": "thư khen", "label": "nhãn", "quote": "q", "source": "s"}
    return Figure(**{**base, **fields})


def test_date_as_official_documents_print_it(fmt):
    assert fmt.date(datetime.date(2014, 5, 19)) == "ngày 19-5-2014"
    assert fmt.short_date(datetime.date(2011, 7, 1)) == "1-7-2011"
    assert fmt.month(datetime.date(2015, 12, 1)) == "tháng 12 năm 2015"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1080, "1.080"), (Decimal("6.5"), "6,5"), (716, "716"), (1_234_567, "1.234.567"), (Decimal("0.25"), "0,25")],
)
def test_numbers(fmt, value, expected):
    assert fmt.number(value) == expected


@pytest.mark.parametrize(
    ("value", "per", "expected"),
    [
        (6_500_000_000, None, "6,5 tỷ đồng"),
        (300_000_000, None, "300 triệu đồng"),
        (1_000, "ngày", "1.000 đồng/ngày"),
        (1_250_000_000, None, "1,25 tỷ đồng"),
        (1_234_567, None, "1.234.567 đồng"),  # not exact as "triệu": print in full
    ],
)
def test_amounts(fmt, value, per, expected):
    assert fmt.amount(value, per) == expected


def test_figures_with_qualifier_and_unit(fmt):
    assert fmt.figure(figure(value=6_500_000_000, unit="đồng", qualifier="trên")) == "trên 6,5 tỷ đồng"
    assert fmt.figure(figure(value=1080, unit="m²")) == "1.080 m²"
    assert fmt.quantity_parts(figure(value=1000, unit="đồng", per="ngày")) == ("1.000", "đồng/ngày")


def test_lists(fmt):
    assert fmt.join(["A", "B", "C"]) == "A, B và C"
    assert fmt.join(["A", "B"]) == "A và B"
    assert fmt.join([]) == ""
