"""Vietnamese dates, numbers, amounts and lists, through Babel with an explicit locale.

One ``babel.support.Format`` is bound per booklet and exposed to templates as
filters, so no template ever formats a number by hand and the machine's own
locale never leaks into the output.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from babel import Locale
from babel.lists import format_list
from babel.support import Format

if TYPE_CHECKING:  # the model cites documents with these formats: it imports this module
    from .model import Figure

LOCALE = "vi"

# Party documents cite dates as "ngày 19-5-2014" in running text (Hướng dẫn
# 36-HD/VPTW; the articles do too) and date themselves "tháng 12 năm 2015" on a
# booklet's cover. CLDR's "long" pattern ("19 tháng 5, 2014") is neither.
DATE_PATTERN = "'ngày' d-M-y"
SHORT_DATE_PATTERN = "d-M-y"
DAY_MONTH_PATTERN = "'ngày' d-M"  # when an article gives no year
MONTH_PATTERN = "'tháng' M 'năm' y"
# Signatures, time-stamps and certificates are dated as administrative papers are.
MOMENT_PATTERN = "HH:mm:ss 'ngày' dd/MM/y"
DAY_PATTERN = "dd/MM/y"

# Amounts of a million đồng and more are written with "triệu"/"tỷ" as officers
# do ("6,5 tỷ đồng"), but only when that is exact to three decimals.
_COMPACT_FROM = 1_000_000
_COMPACT_DECIMALS = 3


class VietnameseFormat:
    def __init__(self, locale: str = LOCALE):
        self.locale = Locale.parse(locale)
        self._format = Format(self.locale)

    def date(self, value: datetime.date) -> str:
        """``2014-05-19`` → ``ngày 19-5-2014``, in running text."""
        return self._format.date(value, format=DATE_PATTERN)

    def short_date(self, value: datetime.date) -> str:
        """``2014-05-19`` → ``19-5-2014``, for tables and timelines."""
        return self._format.date(value, format=SHORT_DATE_PATTERN)

    def day_month(self, value: datetime.date) -> str:
        """``2014-05-19`` → ``ngày 19-5``: the date without the year an article left out."""
        return self._format.date(value, format=DAY_MONTH_PATTERN)

    def month(self, value: datetime.date) -> str:
        """``2015-12-01`` → ``tháng 12 năm 2015``: when a booklet is dated on its cover."""
        return self._format.date(value, format=MONTH_PATTERN)

    def moment(self, value: datetime.datetime, zone: datetime.tzinfo) -> str:
        """A time and its day, as read in ``zone``: ``19:37:05 ngày 30/11/2026`` (a signature's time)."""
        return self._format.datetime(value.astimezone(zone), format=MOMENT_PATTERN)

    def day(self, value: datetime.datetime, zone: datetime.tzinfo) -> str:
        """The day of ``value`` in ``zone``: ``30/11/2026`` (a certificate's validity)."""
        return self._format.date(value.astimezone(zone).date(), format=DAY_PATTERN)

    def number(self, value: Decimal | int | float) -> str:
        """``1080`` → ``1.080``; ``6.5`` → ``6,5``."""
        return self._format.decimal(value, format="#,##0.###")

    def amount(self, value: Decimal | int, per: str | None = None) -> str:
        """An amount of money in đồng: ``6,5 tỷ đồng``, ``1.000 đồng/ngày``."""
        value = Decimal(value)
        if value >= _COMPACT_FROM and self._compact_is_exact(value):
            text = self._format.compact_decimal(value, format_type="long", fraction_digits=_COMPACT_DECIMALS)
        else:
            text = self.number(value)
        return f"{text} đồng" + (f"/{per}" if per else "")

    @staticmethod
    def _compact_is_exact(value: Decimal) -> bool:
        exponent = 9 if value >= 10**9 else 6  # "tỷ" or "triệu"
        return value % (Decimal(10) ** (exponent - _COMPACT_DECIMALS)) == 0

    def quantity_parts(self, figure: Figure) -> tuple[str, str]:
        """The number and its unit apart, for display: ``("6,5 tỷ", "đồng")``."""
        per = f"/{figure.per}" if figure.per else ""
        if figure.is_money:
            number, unit = self.amount(figure.value, figure.per).rsplit(" ", 1)
            return number, unit
        return self.number(figure.value), f"{figure.unit}{per}"

    def quantity(self, figure: Figure) -> str:
        """The figure's number with its unit, without qualifier: ``1.080 m²``."""
        return " ".join(self.quantity_parts(figure))

    def figure(self, figure: Figure) -> str:
        """``trên 6,5 tỷ đồng``, ``716 tập thể và cá nhân``."""
        text = self.quantity(figure)
        return f"{figure.qualifier} {text}" if figure.qualifier else text

    def join(self, items: Iterable[str]) -> str:
        """``["A", "B", "C"]`` → ``A, B và C``."""
        items = list(items)
        return format_list(items, locale=self.locale) if items else ""

    def filters(self) -> dict[str, Callable]:
        return {
            "date_vi": self.date,
            "short_date": self.short_date,
            "month_vi": self.month,
            "day_month_vi": self.day_month,
            "number": self.number,
            "amount": self.amount,
            "quantity": self.quantity,
            "quantity_parts": self.quantity_parts,
            "figure": self.figure,
            "join_vi": self.join,
        }


@cache
def vietnamese() -> VietnameseFormat:
    """The one ``vi`` formatter, for code that formats a value here and there."""
    return VietnameseFormat()
