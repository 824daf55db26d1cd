"""Industries of the IIP table: Vietnamese row labels -> growthsim series prefixes (VSIC 2018).

The GSO IIP table lists all industry, the four sections B, C, D, E and the 2-digit divisions
(VSIC 2018). Labels vary slightly across years (line breaks, 'bàn ghế' / 'bàn, ghế', 'máy móc,
thiết bị' / 'máy móc và thiết bị', the long or short name of section D), so labels are matched
on `key()`: accent-free, lower-case, punctuation removed. A label that matches nothing is an
error (`DataError`), never a silently dropped row: add the variant here.

Section D has a single division (D35), so both D labels ('Sản xuất và phân phối điện' and the
long 'Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hoà không khí', which the
2024-04 and 2024-05 releases print as two rows with identical numbers) map to ``iip.electricity``;
there is no separate ``iip.d35``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from forecast.data.releases.workbook import fold
from forecast.errors import DataError


@dataclass(frozen=True)
class Industry:
    prefix: str          # series id prefix: 'iip', 'iip.mining', 'iip.c26', ...
    vsic: str            # 'B+C+D+E', 'B', 'C10', ...
    name_vi: str
    name_en: str
    keys: tuple[str, ...]  # normalised labels; a key ending in '*' matches as a prefix


def key(label: object) -> str:
    """Matching key of a label: folded (no accents, lower case), punctuation dropped, single spaces."""
    s = re.sub(r"[^0-9a-z ]+", " ", fold(label))
    return re.sub(r"\s+", " ", s).strip()


INDUSTRIES: tuple[Industry, ...] = (
    Industry("iip", "B+C+D+E", "Toàn ngành công nghiệp", "All industry", ("toan nganh cong nghiep",)),
    Industry("iip.mining", "B", "Khai khoáng", "Mining and quarrying", ("khai khoang",)),
    Industry("iip.b05", "B05", "Khai thác than cứng và than non", "Coal and lignite", ("khai thac than cung va than non",)),
    Industry("iip.b06", "B06", "Khai thác dầu thô và khí đốt tự nhiên", "Crude oil and natural gas",
             ("khai thac dau tho va khi dot tu nhien",)),
    Industry("iip.b07", "B07", "Khai thác quặng kim loại", "Metal ores", ("khai thac quang kim loai",)),
    Industry("iip.b08", "B08", "Khai khoáng khác", "Other mining and quarrying", ("khai khoang khac",)),
    Industry("iip.b09", "B09", "Hoạt động dịch vụ hỗ trợ khai thác mỏ và quặng", "Mining support services",
             ("hoat dong dich vu ho tro khai thac mo va quang",)),
    Industry("iip.manufacturing", "C", "Công nghiệp chế biến, chế tạo", "Manufacturing", ("cong nghiep che bien che tao",)),
    Industry("iip.c10", "C10", "Sản xuất, chế biến thực phẩm", "Food products", ("san xuat che bien thuc pham",)),
    Industry("iip.c11", "C11", "Sản xuất đồ uống", "Beverages", ("san xuat do uong",)),
    Industry("iip.c12", "C12", "Sản xuất sản phẩm thuốc lá", "Tobacco products", ("san xuat san pham thuoc la",)),
    Industry("iip.c13", "C13", "Dệt", "Textiles", ("det",)),
    Industry("iip.c14", "C14", "Sản xuất trang phục", "Wearing apparel", ("san xuat trang phuc",)),
    Industry("iip.c15", "C15", "Sản xuất da và các sản phẩm có liên quan", "Leather and related products",
             ("san xuat da va cac san pham co lien quan",)),
    Industry("iip.c16", "C16", "Chế biến gỗ và sản xuất sản phẩm từ gỗ, tre, nứa (trừ giường, tủ, bàn, ghế); "
             "sản xuất sản phẩm từ rơm, rạ và vật liệu tết bện", "Wood and wood products (except furniture)",
             ("che bien go va san xuat san pham tu go*",)),
    Industry("iip.c17", "C17", "Sản xuất giấy và sản phẩm từ giấy", "Paper and paper products",
             ("san xuat giay va san pham tu giay",)),
    Industry("iip.c18", "C18", "In, sao chép bản ghi các loại", "Printing and recorded media",
             ("in sao chep ban ghi cac loai",)),
    Industry("iip.c19", "C19", "Sản xuất than cốc, sản phẩm dầu mỏ tinh chế", "Coke and refined petroleum products",
             ("san xuat than coc san pham dau mo tinh che",)),
    Industry("iip.c20", "C20", "Sản xuất hoá chất và sản phẩm hoá chất", "Chemicals and chemical products",
             ("san xuat hoa chat va san pham hoa chat",)),
    Industry("iip.c21", "C21", "Sản xuất thuốc, hoá dược và dược liệu", "Pharmaceuticals",
             ("san xuat thuoc hoa duoc va duoc lieu",)),
    Industry("iip.c22", "C22", "Sản xuất sản phẩm từ cao su và plastic", "Rubber and plastics products",
             ("san xuat san pham tu cao su va plastic",)),
    Industry("iip.c23", "C23", "Sản xuất sản phẩm từ khoáng phi kim loại khác", "Other non-metallic mineral products",
             ("san xuat san pham tu khoang phi kim loai khac",)),
    Industry("iip.c24", "C24", "Sản xuất kim loại", "Basic metals", ("san xuat kim loai",)),
    Industry("iip.c25", "C25", "Sản xuất sản phẩm từ kim loại đúc sẵn (trừ máy móc, thiết bị)",
             "Fabricated metal products (except machinery)", ("san xuat san pham tu kim loai duc san*",)),
    Industry("iip.c26", "C26", "Sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học",
             "Computer, electronic and optical products", ("san xuat san pham dien tu may vi tinh*",)),
    Industry("iip.c27", "C27", "Sản xuất thiết bị điện", "Electrical equipment", ("san xuat thiet bi dien",)),
    Industry("iip.c28", "C28", "Sản xuất máy móc, thiết bị chưa được phân vào đâu", "Machinery and equipment n.e.c.",
             ("san xuat may moc thiet bi chua duoc phan vao dau",)),
    Industry("iip.c29", "C29", "Sản xuất xe có động cơ", "Motor vehicles", ("san xuat xe co dong co",)),
    Industry("iip.c30", "C30", "Sản xuất phương tiện vận tải khác", "Other transport equipment",
             ("san xuat phuong tien van tai khac",)),
    Industry("iip.c31", "C31", "Sản xuất giường, tủ, bàn, ghế", "Furniture", ("san xuat giuong tu ban ghe",)),
    Industry("iip.c32", "C32", "Công nghiệp chế biến, chế tạo khác", "Other manufacturing",
             ("cong nghiep che bien che tao khac",)),
    Industry("iip.c33", "C33", "Sửa chữa, bảo dưỡng và lắp đặt máy móc, thiết bị",
             "Repair and installation of machinery and equipment", ("sua chua bao duong va lap dat may moc*",)),
    Industry("iip.electricity", "D", "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hoà không khí",
             "Electricity, gas, steam and air conditioning supply", ("san xuat va phan phoi dien*",)),
    Industry("iip.water", "E", "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
             "Water supply; sewerage, waste management and remediation", ("cung cap nuoc hoat dong quan ly*",)),
    Industry("iip.e36", "E36", "Khai thác, xử lý và cung cấp nước", "Water collection, treatment and supply",
             ("khai thac xu ly va cung cap nuoc",)),
    Industry("iip.e37", "E37", "Thoát nước và xử lý nước thải", "Sewerage", ("thoat nuoc va xu ly nuoc thai",)),
    Industry("iip.e38", "E38", "Hoạt động thu gom, xử lý và tiêu huỷ rác thải; tái chế phế liệu",
             "Waste collection, treatment and disposal; materials recovery", ("hoat dong thu gom xu ly*",)),
)

BY_PREFIX = {ind.prefix: ind for ind in INDUSTRIES}
SECTIONS = ("iip", "iip.mining", "iip.manufacturing", "iip.electricity", "iip.water")


def industry(label: object, *, source: str = "", location: str | None = None) -> Industry:
    """The industry of an IIP row label; DataError naming the label if it is not known."""
    k = key(label)
    for ind in INDUSTRIES:
        for want in ind.keys:
            if (want.endswith("*") and k.startswith(want[:-1])) or k == want:
                return ind
    raise DataError(f"unknown IIP industry label {str(label)!r}: add it to forecast/data/sources/iip_industries.py",
                    source=source or None, location=location)
