"""Names and stable keys of the merchandise trade series (exports, imports; million USD).

GSO prints the same product under several spellings over the years ('Điện thoại và linh kiện',
'Điện thoại các loại và linh kiện'; 'Máy móc thiết bị, dụng cụ PT khác', 'Máy móc, thiết bị,
dụng cụ, phụ tùng khác'), so every row label is folded (no accents, lower case, see
`forecast.data.releases.workbook.fold`) and looked up in an alias table that gives one short
English key per product. Series ids are ``<flow>.<key>`` (``exports.phones``); the totals are
``exports`` / ``imports`` and the sectors ``<flow>.domestic`` / ``<flow>.fdi``.

`SDMX_CODES` maps the IMF ECOFIN indicator codes of ``sdmx/METVNM.xml`` to the same ids. Only
codes whose values match the published tables are listed (checked month by month against the
revised values derived from the tables: median gap under 1%, see docs/data/trade.md); the
HS-based product codes the file uses (``TXG_H5_85_FOB_USD`` ...) are wider or narrower than GSO's
product groups for the others, which are therefore left out rather than mislabelled.
"""
from __future__ import annotations

import re

from forecast.data.releases.workbook import fold

UNIT = "million USD"
FLOWS = ("exports", "imports")

# (key, Vietnamese name as published, English name, other folded spellings)
_COMMON: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("domestic", "Khu vực kinh tế trong nước", "Domestic economic sector", ()),
    ("fdi", "Khu vực có vốn đầu tư NN", "Foreign-invested (FDI) sector",
     ("khu vuc co von dau tu nuoc ngoai", "khu vuc co von dau tu truc tiep nuoc ngoai")),
]

_EXPORTS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("fdi-excl-crude", "Hàng hoá khác (khu vực có vốn đầu tư NN trừ dầu thô)",
     "FDI sector excluding crude oil", ("hang hoa khac",)),
    ("seafood", "Thủy sản", "Fishery products", ("hang thuy san",)),
    ("fruit-veg", "Rau quả", "Fruits and vegetables", ()),
    ("cashew", "Hạt điều", "Cashew nuts", ()),
    ("coffee", "Cà phê", "Coffee", ()),
    ("tea", "Chè", "Tea", ()),
    ("pepper", "Hạt tiêu", "Pepper", ()),
    ("rice", "Gạo", "Rice", ()),
    ("cassava", "Sắn và sản phẩm của sắn", "Cassava and cassava products", ("san va san pham tu san",)),
    ("cereal-confectionery", "Bánh kẹo và các sản phẩm từ ngũ cốc", "Confectionery and cereal products", ()),
    ("animal-feed", "Thức ăn gia súc và nguyên liệu", "Animal feed and materials", ()),
    ("cement", "Clanhke và xi măng", "Clinker and cement", ()),
    ("coal", "Than đá", "Coal", ()),
    ("crude-oil", "Dầu thô", "Crude oil", ()),
    ("petroleum-products", "Xăng dầu", "Petroleum products", ()),
    ("chemicals", "Hóa chất", "Chemicals", ()),
    ("chemical-products", "Sản phẩm hóa chất", "Chemical products", ("sp hoa chat",)),
    ("plastics", "Chất dẻo nguyên liệu", "Plastics in primary forms", ()),
    ("plastic-products", "Sản phẩm từ chất dẻo", "Plastic products", ("san pham chat deo",)),
    ("rubber", "Cao su", "Rubber", ()),
    ("rubber-products", "Sản phẩm từ cao su", "Rubber products", ()),
    ("bags-hats-umbrellas", "Túi xách, ví, va li, mũ, ô dù", "Handbags, wallets, suitcases, hats and umbrellas", ()),
    ("rattan-bamboo", "Sản phẩm mây tre, cói, thảm", "Rattan, bamboo, sedge products and carpets", ()),
    ("wood", "Gỗ và sản phẩm gỗ", "Wood and wood products", ()),
    ("paper", "Giấy và các sản phẩm từ giấy", "Paper and paper products", ()),
    ("yarn", "Xơ, sợi dệt các loại", "Textile fibres and yarn", ()),
    ("textiles-garments", "Dệt, may", "Textiles and garments", ("hang det, may",)),
    ("footwear", "Giày dép", "Footwear", ()),
    ("textile-materials", "Nguyên phụ liệu dệt, may, da, giày", "Textile, garment, leather and footwear materials",
     ("nguyen phu lieu det may, da giay",)),
    ("ceramics", "Sản phẩm gốm sứ", "Ceramic products", ()),
    ("glass", "Thủy tinh và các sản phẩm từ thủy tinh", "Glass and glassware", ()),
    ("precious-stones-metals", "Đá quý, KL quý và sản phẩm", "Precious stones, precious metals and articles", ()),
    ("iron-steel", "Sắt thép", "Iron and steel", ()),
    ("iron-steel-products", "Sản phẩm từ sắt thép", "Iron and steel products", ()),
    ("base-metals", "Kim loại thường khác và sản phẩm", "Other base metals and products", ()),
    ("electronics", "Điện tử, máy tính và linh kiện", "Electronics, computers and parts",
     ("dien tu, may tinh va lk",)),
    ("phones", "Điện thoại và linh kiện", "Phones and parts", ("dien thoai cac loai va linh kien",)),
    ("cameras", "Máy ảnh, máy quay phim và linh kiện", "Cameras, camcorders and parts",
     ("may anh, may quay phim va lk",)),
    ("machinery", "Máy móc thiết bị, dụng cụ PT khác", "Machinery, equipment, tools and spare parts",
     ("may moc thiet bi, dung cu phu tung khac", "may moc, thiet bi, dung cu, phu tung khac",
      "may moc thiet bi, dc pt khac")),
    ("wires-cables", "Dây điện và cáp điện", "Electric wires and cables", ()),
    ("transport-equipment", "Phương tiện vận tải và phụ tùng", "Transport equipment and parts", ()),
    ("furniture-non-wood", "SP nội thất từ chất liệu khác gỗ", "Furniture of materials other than wood",
     ("san pham noi that tu chat lieu khac go",)),
    ("toys-sports", "Đồ chơi, dụng cụ thể thao và bộ phận", "Toys, sports goods and parts", ()),
]

_IMPORTS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("seafood", "Thủy sản", "Fishery products", ()),
    ("dairy", "Sữa và sản phẩm sữa", "Milk and dairy products", ()),
    ("fruit-veg", "Rau quả", "Fruits and vegetables", ()),
    ("cashew", "Hạt điều", "Cashew nuts", ()),
    ("wheat", "Lúa mỳ", "Wheat", ("lua mi",)),
    ("maize", "Ngô", "Maize", ()),
    ("soybeans", "Đậu tương", "Soybeans", ()),
    ("fats-oils", "Dầu mỡ động thực vật", "Animal and vegetable fats and oils", ()),
    ("other-food-preparations", "Chế phẩm thực phẩm khác", "Other food preparations", ()),
    ("animal-feed", "Thức ăn gia súc và NPL", "Animal feed and materials",
     ("thuc an gia suc va nguyen phu lieu",)),
    ("ores-minerals", "Quặng và khoáng sản khác", "Ores and other minerals", ()),
    ("coal", "Than đá", "Coal", ()),
    ("crude-oil", "Dầu thô", "Crude oil", ()),
    ("petroleum-products", "Xăng dầu", "Petroleum products", ()),
    ("lpg", "Khí đốt hóa lỏng", "Liquefied petroleum gas", ()),
    ("other-petroleum-products", "Sản phẩm khác từ dầu mỏ", "Other petroleum products", ()),
    ("chemicals", "Hóa chất", "Chemicals", ()),
    ("chemical-products", "Sản phẩm hoá chất", "Chemical products", ("sp hoa chat",)),
    ("pharmaceuticals", "Tân dược", "Pharmaceuticals", ()),
    ("fertilizers", "Phân bón", "Fertilizers", ("phan bon cac loai",)),
    ("cosmetics", "Chất thơm, mỹ phẩm và chế phẩm vệ sinh", "Perfumes, cosmetics and toiletries", ()),
    ("pesticides", "Thuốc trừ sâu", "Pesticides and materials", ("thuoc tru sau va nguyen lieu",)),
    ("plastics", "Chất dẻo", "Plastics in primary forms", ("chat deo nguyen lieu",)),
    ("plastic-products", "Sản phẩm chất dẻo", "Plastic products", ("san pham tu chat deo",)),
    ("rubber", "Cao su", "Rubber", ()),
    ("rubber-products", "Sản phẩm từ cao su", "Rubber products", ()),
    ("wood", "Gỗ và sản phẩm gỗ", "Wood and wood products", ()),
    ("paper", "Giấy các loại", "Paper", ()),
    ("paper-products", "Sản phẩm từ giấy", "Paper products", ()),
    ("cotton", "Bông", "Cotton", ()),
    ("yarn", "Sợi dệt", "Textile yarn", ()),
    ("fabrics", "Vải", "Fabrics", ()),
    ("textile-materials", "Nguyên PL dệt, may, giày dép", "Textile, garment and footwear materials",
     ("nguyen phu lieu det, may, giay dep", "nguyen phu lieu det, may, da, giay")),
    ("glass", "Thủy tinh và các SP từ thủy tinh", "Glass and glassware",
     ("thuy tinh va cac san pham tu thuy tinh",)),
    ("steel-scrap", "Phế liệu sắt thép", "Iron and steel scrap", ()),
    ("iron-steel", "Sắt thép", "Iron and steel", ()),
    ("iron-steel-products", "Sản phẩm từ sắt thép", "Iron and steel products", ()),
    ("base-metals", "Kim loại thường khác", "Other base metals", ()),
    ("base-metal-products", "SP từ kim loại thường khác", "Products of other base metals",
     ("san pham tu kim loai thuong khac",)),
    ("electronics", "Điện tử, máy tính và linh kiện", "Electronics, computers and parts",
     ("dien tu, may tinh va lk",)),
    ("household-appliances", "Hàng điện gia dụng và linh kiện", "Household electrical appliances and parts",
     ("hang dien gia dung va lk",)),
    ("phones", "Điện thoại và linh kiện", "Phones and parts", ("dien thoai cac loai va linh kien",)),
    ("cameras", "Máy ảnh, máy quay phim và linh kiện", "Cameras, camcorders and parts",
     ("may anh, may quay phim va lk",)),
    ("machinery", "Máy móc thiết bị, dụng cụ PT khác", "Machinery, equipment, tools and spare parts",
     ("may moc thiet bi, dung cu phu tung khac", "may moc, thiet bi, dung cu, phu tung khac",
      "may moc thiet bi, dc pt khac")),
    ("wires-cables", "Dây điện và cáp điện", "Electric wires and cables", ()),
    ("cars", "Ô tô", "Motor vehicles", ("o to cac loai",)),
    ("cars-cbu", "Ô tô nguyên chiếc", "Completely built motor vehicles", ()),
    ("motorcycles", "Xe máy và linh kiện, phụ tùng", "Motorcycles, parts and accessories", ()),
    ("motorcycles-cbu", "Xe máy nguyên chiếc", "Complete motorcycles", ()),
    ("other-transport-equipment", "Phương tiện vận tải khác và PT", "Other transport equipment and parts",
     ("phuong tien van tai khac va phu tung",)),
    ("furniture-non-wood", "SP nội thất từ chất liệu khác gỗ", "Furniture of materials other than wood",
     ("san pham noi that tu chat lieu khac go",)),
]

# 'Trong đó: Nguyên chiếc' (of which: completely built) belongs to the row above it.
SUBROW_KEYS = {"cars": "cars-cbu", "motorcycles": "motorcycles-cbu"}

# SDMX indicator code -> series id (values checked against the GSO tables, see module docstring).
SDMX_CODES: dict[str, str] = {
    "TXG_FOB_USD": "exports",  # median gap 0.4% over 110 months
    "TXG_H5_42_FOB_USD": "exports.bags-hats-umbrellas",  # median gap 0.52% over 108 months
    "TXG_H5_XV_FOB_USD": "exports.base-metals",  # median gap 0.11% over 42 months
    "TXG_H5_8525_FOB_USD": "exports.cameras",  # median gap 0.25% over 55 months
    "TXG_H5_0801_FOB_USD": "exports.cashew",  # median gap 0.53% over 108 months
    "TXG_H5_0714_FOB_USD": "exports.cassava",  # median gap 0.99% over 108 months
    "TXG_H5_2523_FOB_USD": "exports.cement",  # median gap 0.79% over 42 months
    "TXG_H5_69_FOB_USD": "exports.ceramics",  # median gap 0.34% over 65 months
    "TXG_H5_38_FOB_USD": "exports.chemical-products",  # median gap 0.3% over 108 months
    "TXG_H5_0901_FOB_USD": "exports.coffee",  # median gap 0.84% over 108 months
    "TXGBD_FOB_USD": "exports.domestic",  # median gap 0.79% over 108 months
    "TXG_H5_85_FOB_USD": "exports.electronics",  # median gap 0.35% over 108 months
    "VNM_TXG_FS_FOB_USD": "exports.fdi",  # median gap 0.28% over 108 months
    "TXG_H5_64_FOB_USD": "exports.footwear",  # median gap 0.2% over 108 months
    "TXG_H5_07_070960_FOB_USD": "exports.fruit-veg",  # median gap 0.62% over 108 months
    "TXG_H5_94_FOB_USD": "exports.furniture-non-wood",  # median gap 0.18% over 45 months
    "TXG_H5_73_FOB_USD": "exports.iron-steel",  # median gap 0.76% over 108 months
    "TXG_H5_7202_FOB_USD": "exports.iron-steel-products",  # median gap 0.17% over 42 months
    "TXG_H5_84T86_FOB_USD": "exports.machinery",  # median gap 0.89% over 108 months
    "TXG_H5_48_FOB_USD": "exports.paper",  # median gap 0.45% over 42 months
    "TXG_H5_0904_FOB_USD": "exports.pepper",  # median gap 0.54% over 108 months
    "TXG_H5_8517_FOB_USD": "exports.phones",  # median gap 0.09% over 108 months
    "TXG_H5_392690_FOB_USD": "exports.plastic-products",  # median gap 0.49% over 108 months
    "TXG_H5_39_FOB_USD": "exports.plastics",  # median gap 0.57% over 42 months
    "TXG_H5_71_FOB_USD": "exports.precious-stones-metals",  # median gap 0.14% over 75 months
    "TXG_H5_1401_FOB_USD": "exports.rattan-bamboo",  # median gap 0.85% over 65 months
    "TXG_H5_1006_FOB_USD": "exports.rice",  # median gap 0.58% over 108 months
    "TXG_H5_40_FOB_USD": "exports.rubber",  # median gap 0.32% over 108 months
    "TXG_H5_03_FOB_USD": "exports.seafood",  # median gap 0.6% over 108 months
    "TXG_H5_0902_FOB_USD": "exports.tea",  # median gap 0.58% over 108 months
    "TXG_H5_63_41_64_FOB_USD": "exports.textile-materials",  # median gap 0.14% over 42 months
    "TXG_H5_63_61_FOB_USD": "exports.textiles-garments",  # median gap 0.38% over 108 months
    "TXG_H5_95_FOB_USD": "exports.toys-sports",  # median gap 0.26% over 45 months
    "TXG_H5_8702_FOB_USD": "exports.transport-equipment",  # median gap 0.43% over 108 months
    "TXG_H5_8544_FOB_USD": "exports.wires-cables",  # median gap 0.38% over 108 months
    "TXG_H5_44_FOB_USD": "exports.wood",  # median gap 0.93% over 108 months
    "TXG_H5_5205_FOB_USD": "exports.yarn",  # median gap 0.09% over 47 months
    "TMG_CIF_USD": "imports",  # median gap 0.69% over 110 months
    "TMG_H5_23_CIF_USD": "imports.animal-feed",  # median gap 0.85% over 110 months
    "TMGISO_CIF_USD": "imports.base-metal-products",  # median gap 0.13% over 42 months
    "TMG_H5_XV_CIF_USD": "imports.base-metals",  # median gap 0.72% over 110 months
    "TMG_H5_8525_CIF_USD": "imports.cameras",  # median gap 0.04% over 42 months
    "TMG_H5_38_CIF_USD": "imports.chemical-products",  # median gap 0.82% over 110 months
    "TMG_H5_3801_CIF_USD": "imports.chemicals",  # median gap 0.65% over 110 months
    "TMG_H5_2701_CIF_USD": "imports.coal",  # median gap 1.4% over 42 months
    "TMG_H5_52_CIF_USD": "imports.cotton",  # median gap 0.21% over 110 months
    "TMG_H5_04_CIF_USD": "imports.dairy",  # median gap 0.49% over 109 months
    "VNM_TMG_DS_CIF_USD": "imports.domestic",  # median gap 1.1% over 108 months
    "TMG_H5_85_CIF_USD": "imports.electronics",  # median gap 0.4% over 110 months
    "TMGIOT_CIF_USD": "imports.fabrics",  # median gap 0.2% over 110 months
    "TMG_H5_15_CIF_USD": "imports.fats-oils",  # median gap 0.19% over 67 months
    "VNM_TMG_FS_CIF_USD": "imports.fdi",  # median gap 0.5% over 108 months
    "TMG_H5_31_CIF_USD": "imports.fertilizers",  # median gap 1.35% over 110 months
    "TMG_H5_07_070960_CIF_USD": "imports.fruit-veg",  # median gap 0.28% over 110 months
    "TMG_H5_70_CIF_USD": "imports.glass",  # median gap 0.19% over 41 months
    "VNM_TMGEPP_CIF_USD": "imports.household-appliances",  # median gap 0.27% over 42 months
    "TMG_H5_73_CIF_USD": "imports.iron-steel",  # median gap 0.61% over 110 months
    "TMG_H5_7326_CIF_USD": "imports.iron-steel-products",  # median gap 0.43% over 42 months
    "TMG_H5_271113_CIF_USD": "imports.lpg",  # median gap 0.95% over 89 months
    "TMG_H5_84T86_CIF_USD": "imports.machinery",  # median gap 0.87% over 110 months
    "TMG_H5_1005_CIF_USD": "imports.maize",  # median gap 0.24% over 42 months
    "TMG_H5_48_CIF_USD": "imports.paper",  # median gap 0.35% over 110 months
    "TMG_H5_30_CIF_USD": "imports.pharmaceuticals",  # median gap 0.22% over 108 months
    "TMG_H5_8517_CIF_USD": "imports.phones",  # median gap 0.08% over 108 months
    "TMG_H5_392690_CIF_USD": "imports.plastic-products",  # median gap 0.51% over 110 months
    "TMG_H5_39_CIF_USD": "imports.plastics",  # median gap 0.45% over 110 months
    "TMG_H5_40_CIF_USD": "imports.rubber",  # median gap 0.53% over 110 months
    "TMG_H5_03_CIF_USD": "imports.seafood",  # median gap 0.4% over 110 months
    "TMG_H5_7204_CIF_USD": "imports.steel-scrap",  # median gap 0.13% over 42 months
    "TMG_H5_63_41_64_CIF_USD": "imports.textile-materials",  # median gap 0.41% over 110 months
    "TMG_H5_1001_CIF_USD": "imports.wheat",  # median gap 1.12% over 77 months
    "TMG_H5_8544_CIF_USD": "imports.wires-cables",  # median gap 0.31% over 40 months
    "TMG_H5_44_CIF_USD": "imports.wood",  # median gap 0.36% over 110 months
    "TMG_H5_5205_CIF_USD": "imports.yarn",  # median gap 0.27% over 110 months
}


def canon(label: object) -> str:
    """Folded label without footnote marks, list numbering or stray punctuation at the ends."""
    s = fold(label)
    s = re.sub(r"\(\*+\)", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" .:-*")
    return s


def _table(flow: str) -> dict[str, tuple[str, str, str]]:
    out: dict[str, tuple[str, str, str]] = {"tong tri gia": ("", "Tổng trị giá", "Total")}
    rows = _COMMON + (_EXPORTS if flow == "exports" else _IMPORTS)
    for key, vi, en, aliases in rows:
        for a in (canon(vi), *aliases):
            out[canon(a)] = (key, vi, en)
    return out


_LOOKUP = {flow: _table(flow) for flow in FLOWS}


def is_subrow(label: object) -> bool:
    """True for an 'of which' row ('Trong đó: Nguyên chiếc')."""
    return canon(label).startswith("trong do")


def series_id(flow: str, label: object) -> str | None:
    """Series id of a published row label (``exports.phones``), ``exports`` for the total; None if unknown."""
    hit = _LOOKUP[flow].get(canon(label))
    if hit is None:
        return None
    return flow if not hit[0] else f"{flow}.{hit[0]}"


def slug(label: object) -> str:
    """ASCII key from a folded label, for products not in the tables above ('Hàng mới' -> 'hang-moi')."""
    return re.sub(r"[^a-z0-9]+", "-", canon(label)).strip("-")


def catalog() -> list[dict[str, str]]:
    """One catalog row per known series (id, name_vi, name_en, unit, freq, source, note)."""
    rows = []
    for flow in FLOWS:
        flow_vi = "Xuất khẩu" if flow == "exports" else "Nhập khẩu"
        flow_en = "Exports" if flow == "exports" else "Imports"
        rows.append({"id": flow, "name_vi": f"{flow_vi} hàng hóa - tổng trị giá",
                     "name_en": f"Merchandise {flow_en.lower()}, total", "unit": UNIT, "freq": "M",
                     "source": "sdmx/METVNM.xml; tables/" + ("xk.csv" if flow == "exports" else "nk.csv"),
                     "note": "final (SDMX) to 2024-10 except 2022-01 and 2023-01..09; then revised/first estimates"})
        seen = set()
        for key, vi, en, _ in _COMMON + (_EXPORTS if flow == "exports" else _IMPORTS):
            if key in seen:
                continue
            seen.add(key)
            rows.append({"id": f"{flow}.{key}", "name_vi": f"{flow_vi}: {vi}", "name_en": f"{flow_en}: {en}",
                         "unit": UNIT, "freq": "M",
                         "source": "tables/" + ("xk.csv" if flow == "exports" else "nk.csv"), "note": ""})
    rows.append({"id": "trade_balance", "name_vi": "Cán cân thương mại hàng hóa (xuất khẩu - nhập khẩu)",
                 "name_en": "Merchandise trade balance (exports - imports)", "unit": UNIT, "freq": "M",
                 "source": "derived", "note": "exports - imports, newest vintage of each"})
    return rows
