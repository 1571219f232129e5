"""How high a body stands, read from its name: the central Party and State, then a province's, a
district's, a commune's.

Party booklets list documents and awards from the highest level down: a
resolution of the Central Committee before a plan of the Secretariat, that
before a directive of the Prime Minister, those before a province's plan. At
one level the Party's bodies come before the State's, as they are named in
Party documents. Names the table does not know rank last, in content order.
"""

from __future__ import annotations

import re

CENTRAL, PROVINCE, DISTRICT, COMMUNE, UNKNOWN = range(5)

# Centrally run cities: their Thành ủy and their People's Committee are of a province's level.
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
_CITY = "|".join(CENTRAL_CITIES)

# (pattern, level, rank within the level); the first that matches wins.
_RANKS: tuple[tuple[str, int, int], ...] = (
    (r"Ban Chấp hành Trung ương|Hội nghị Trung ương|^Trung ương Đảng", CENTRAL, 0),
    (r"Bộ Chính trị", CENTRAL, 1),
    (r"Ban Bí thư", CENTRAL, 2),
    (r"(?:Ban|Ủy ban|Văn phòng) [\w ,]*Trung ương|Đảng ủy Khối [\w ]*Trung ương", CENTRAL, 3),
    (r"Quốc hội", CENTRAL, 4),
    (r"Chủ tịch nước", CENTRAL, 5),
    (r"Chính phủ|Thủ tướng", CENTRAL, 6),
    (r"^Bộ |^Bộ trưởng|Ban Thi đua[- –]+Khen thưởng Trung ương", CENTRAL, 7),
    (rf"(?:Thành ủy|Thành uỷ) (?:thành phố )?(?:{_CITY})", PROVINCE, 0),
    (r"Tỉnh ủy|Tỉnh uỷ|Đảng bộ tỉnh|Đảng ủy Khối", PROVINCE, 1),
    (rf"Hội đồng nhân dân (?:tỉnh|thành phố (?:{_CITY}))|HĐND (?:tỉnh|thành phố (?:{_CITY}))", PROVINCE, 2),
    (rf"(?:Ủy ban nhân dân|UBND) (?:tỉnh|thành phố (?:{_CITY}))", PROVINCE, 3),
    (r"^Sở |Mặt trận Tổ quốc[\w ]* tỉnh|Công an tỉnh|Bộ Chỉ huy", PROVINCE, 4),
    (r"Huyện ủy|Huyện uỷ|Quận ủy|Quận uỷ|Thị ủy|Thị uỷ|Thành ủy|Thành uỷ", DISTRICT, 0),
    (r"(?:Hội đồng nhân dân|HĐND|Ủy ban nhân dân|UBND) (?:huyện|quận|thị xã|thành phố)", DISTRICT, 1),
    (r"Đảng ủy (?:xã|phường|thị trấn)|Đảng uỷ (?:xã|phường|thị trấn)", COMMUNE, 0),
    (r"(?:Ủy ban nhân dân|UBND|HĐND|Hội đồng nhân dân) (?:xã|phường|thị trấn)", COMMUNE, 1),
)
_COMPILED = tuple((re.compile(pattern), level, rank) for pattern, level, rank in _RANKS)


def rank(body: str | None) -> tuple[int, int]:
    """(level, rank within the level) of the body named ``body``: smaller is higher."""
    if body:
        for pattern, level, within in _COMPILED:
            if pattern.search(body):
                return level, within
    return UNKNOWN, 0


def document_issuer_rank(issuer: str | None, number: str) -> tuple[int, int]:
    """A document's rank: by its issuer, or, when the article names none, by its number's ending
    ("…/TW" is central, "…/TU" a province's, "…-TTg" the Prime Minister's)."""
    if issuer:
        return rank(issuer)
    if re.search(r"/T\.?[WƯ]$|/TW$", number) or number.startswith("Trung ương"):
        return CENTRAL, 0 if "NQ" in number or number.startswith("Trung ương") else 1
    if number.endswith("TTg"):
        return CENTRAL, 6
    if re.search(r"/TU$|-UBND$", number):
        return PROVINCE, 1 if number.endswith("TU") else 3
    return UNKNOWN, 0
