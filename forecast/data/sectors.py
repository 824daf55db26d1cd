"""The GDP sectors of the official arithmetic, with their Vietnamese and English names.

Keys follow the project brief: eight leaves whose sum is GDP (product taxes included) and the
groups the planners talk about. The scenario layer imports these from here.
"""
from __future__ import annotations

LEAVES: tuple[str, ...] = (
    "agriculture", "mining", "manufacturing", "electricity", "water", "construction", "services", "taxes",
)

NAMES: dict[str, tuple[str, str]] = {
    "total": ("Tổng sản phẩm trong nước (GDP)", "Gross domestic product (GDP)"),
    "agriculture": ("Nông, lâm nghiệp và thủy sản", "Agriculture, forestry, fishery"),
    "mining": ("Khai khoáng", "Mining and quarrying"),
    "manufacturing": ("Công nghiệp chế biến, chế tạo", "Manufacturing"),
    "electricity": ("Sản xuất và phân phối điện, khí đốt (năng lượng)", "Electricity, gas (energy)"),
    "water": ("Cung cấp nước, xử lý rác thải, nước thải", "Water supply, waste"),
    "construction": ("Xây dựng", "Construction"),
    "services": ("Dịch vụ", "Services"),
    "taxes": ("Thuế sản phẩm trừ trợ cấp sản phẩm", "Product taxes less subsidies"),
    "industry": ("Công nghiệp", "Industry"),
    "industry_construction": ("Công nghiệp và xây dựng", "Industry and construction"),
    "energy": ("Năng lượng (điện, khí đốt và khai khoáng)", "Energy (electricity, gas and mining)"),
}

GROUPS: dict[str, tuple[str, ...]] = {
    "industry": ("mining", "manufacturing", "electricity", "water"),
    "industry_construction": ("mining", "manufacturing", "electricity", "water", "construction"),
    "energy": ("electricity", "mining"),
}

# The three sectors whose points the office divides by when it says "X contributed 43.6% of growth".
OFFICE_SECTORS: dict[str, tuple[str, ...]] = {
    "agriculture": ("agriculture",),
    "industry_construction": GROUPS["industry_construction"],
    "services": ("services",),
}
