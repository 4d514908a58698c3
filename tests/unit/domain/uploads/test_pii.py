"""The personal-data screen: finds what it should, and stays quiet on real activity data."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footprint.domain.uploads.parsing import FileFormat, iter_rows, read_table
from footprint.domain.uploads.pii import (
    Finding,
    Kind,
    iban_valid,
    kinds_in,
    luhn_valid,
    screen,
    screen_table,
)

TEMPLATES = Path(__file__).parents[4] / "layers/footprint/footprint/data/templates"
# A table part's header and the start of a row, the reference column left to each test.
PART_HEADER = "facility,period_start,period_end,category,activity,quantity,unit,reference"
PART_LINE = "Plant 1,2025-01-01,2025-01-31,stationary_combustion,natural_gas,1200,therm"


PERSONAL_DATA = [
    ("jane.doe@example.com", Kind.EMAIL),
    ("contact: J.Smith+energy@sub.example.co.uk", Kind.EMAIL),
    ("+44 20 7946 0958", Kind.PHONE),
    ("+14155552671", Kind.PHONE),
    ("+1 (415) 555-2671", Kind.PHONE),
    ("(415) 555-2671", Kind.PHONE),
    ("415-555-2671", Kind.PHONE),
    ("415.555.2671", Kind.PHONE),
    ("call 020 7946 0958 after 5", Kind.PHONE),
    ("07700 900123", Kind.PHONE),
    ("01 23 45 67 89", Kind.PHONE),
    ("123-45-6789", Kind.NATIONAL_ID),
    ("SSN 123 45 6789", Kind.NATIONAL_ID),
    ("AB 12 34 56 C", Kind.NATIONAL_ID),
    ("NINO: JG103759A", Kind.NATIONAL_ID),
    ("4111 1111 1111 1111", Kind.PAYMENT_CARD),
    ("4111111111111111", Kind.PAYMENT_CARD),
    ("5555-5555-5555-4444", Kind.PAYMENT_CARD),
    ("2223 0031 2200 3222", Kind.PAYMENT_CARD),
    ("3782 822463 10005", Kind.PAYMENT_CARD),
    ("6011111111111117", Kind.PAYMENT_CARD),
    ("GB82 WEST 1234 5698 7654 32", Kind.IBAN),
    ("DE89370400440532013000", Kind.IBAN),
    ("paid from FR14 2004 1010 0505 0001 3M02 606", Kind.IBAN),
]


@pytest.mark.parametrize(("text", "kind"), PERSONAL_DATA)
def test_finds_personal_data(text: str, kind: Kind) -> None:
    assert kind in kinds_in(text)


@pytest.mark.parametrize(
    "text",
    [
        # Dates, quantities, codes and ids that fill real activity files.
        "2025-01-31",
        "2025-01-01 2025-01-31",
        "31/01/2025",
        "1200",
        "84000.75",
        "1,200,000",
        "331110",
        "NAICS 331110",
        "US-TX-0001",
        "R-410A",
        "HFC-134a",
        "meter 17",
        "MPAN 1200052331813",
        "PO 991, deflated to 2022 USD",
        "INV-2025-000123",
        "Order 1234567890",
        "account 123456789",
        "medium_and_heavy_duty_vehicles.diesel",
        "electricity_generated.electricity_uk",
        "Plant 12, Building 3, Bay 4",
        "Q1 2025",
        "FY2025",
        "AR6 GWP-100",
        "+25",
        "5 10 15 20 25 30",
        "0123 4567",
        "1.5e3",
        # Near misses: the check each shape carries refuses them.
        "4111111111111112",  # Luhn fails
        "1234567890123456",  # no card scheme starts 1
        "000-12-3456",  # SSN area 000
        "666-12-3456",  # SSN area 666
        "923-12-3456",  # SSN area 9xx
        "123-00-4567",  # SSN group 00
        "QQ 12 34 56 C",  # Q is never a NINO prefix letter
        "GB82 WEST 1234 5698 7654 33",  # IBAN check digits wrong
        "US12 3456 7890 1234 5678 90",  # no IBANs in the US
        "foo@bar",  # no domain dot
        "(015) 555-2671",  # NANP area codes start 2-9
    ],
)
def test_quiet_on_activity_data_and_near_misses(text: str) -> None:
    assert kinds_in(text) == []


def test_luhn_and_iban_checks() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert iban_valid("GB82 WEST 1234 5698 7654 32")
    assert not iban_valid("GB82 WEST 1234 5698 7654")  # wrong length for GB


def test_a_finding_names_row_column_and_kind_never_the_value() -> None:
    rows = [(2, {"facility": "HQ", "reference": "ask jane@example.com or +44 20 7946 0958"})]
    findings = screen(rows)
    assert findings == [
        Finding(2, "reference", Kind.EMAIL),
        Finding(2, "reference", Kind.PHONE),
    ]
    assert findings[0].to_dict() == {"row": 2, "column": "reference", "kind": "email"}
    assert "jane" not in repr(findings)


def test_numbers_in_numeric_columns_are_numbers() -> None:
    rows = [(2, {"quantity": "4111111111111111", "distance": "+14155552671", "unit": "kg"})]
    assert screen(rows) == []
    assert screen([(2, {"quantity": "jane@example.com"})]) == [Finding(2, "quantity", Kind.EMAIL)]


def test_non_text_cells_are_skipped() -> None:
    assert screen([(2, {"quantity": 4111111111111111.0, "region": None})]) == []


def test_the_sample_file_has_no_findings() -> None:
    with (TEMPLATES / "activity-template.csv").open("rb") as source:
        assert screen(iter_rows(source, FileFormat.CSV)) == []


def test_the_published_factor_tables_have_no_findings(factor_sources: Path) -> None:
    """Some 28,000 rows of real numbers, codes and descriptions (EPA, DESNZ, IPCC tables)."""
    files = sorted(factor_sources.glob("*/*.csv"))
    assert len(files) >= 3
    rows = 0
    for path in files:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as source:
            for number, values in enumerate(csv.reader(source), 1):
                rows += 1
                cells = {str(index): value for index, value in enumerate(values)}
                assert screen([(number, cells)]) == [], f"{path.name} row {number}"
    assert rows > 25_000


def _realistic_rows(count: int, seed: int) -> str:
    """Activity rows as customers write them: varied quantities, ids, references."""
    pick = random.Random(seed)
    regions = ["US", "CAMX", "ERCT", "NYUP", "RFCE", "UK", "SRSO", "NWPP"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = "facility,period_start,period_end,category,activity,quantity,unit,region,reference"
    writer.writerow(columns.split(","))
    for _ in range(count):
        year = pick.randint(2015, 2025)
        month = pick.randint(1, 12)
        reference = pick.choice(
            [
                f"INV-{year}-{pick.randint(0, 999999):06d}",
                f"meter {pick.randint(1, 99999)}",
                f"MPAN {pick.randint(10, 23)}{pick.randint(0, 10**11 - 1):011d}",
                f"PO {pick.randint(100, 99999)}",
                f"account {pick.randint(10**8, 10**12)}",
                f"US-{pick.choice(['TX', 'CA', 'NY'])}-{pick.randint(1, 9999):04d}",
                f"{year}-{month:02d} bill, {pick.randint(1, 40)} sites",
                f"lot {pick.randint(1, 999)}/{year}",
                "",
            ]
        )
        quantity = pick.choice(
            [
                str(pick.randint(0, 10**9)),
                f"{pick.uniform(0, 1e7):.3f}",
                f"{pick.uniform(0, 1e12):.0f}",
                f"{pick.uniform(0, 1):.6f}",
            ]
        )
        writer.writerow(
            [
                f"Site {pick.randint(1, 500)} ({pick.choice(['North', 'Bay 4', 'Unit 12-3'])})",
                f"{year}-{month:02d}-01",
                f"{year}-{month:02d}-28",
                "purchased_goods_services",
                str(pick.randint(111110, 813990)),
                quantity,
                pick.choice(["kWh", "therm", "USD_2022", "gal", "passenger_mile"]),
                pick.choice(regions),
                reference,
            ]
        )
    return buffer.getvalue()


def test_twenty_thousand_realistic_rows_have_no_findings() -> None:
    data = _realistic_rows(20_000, seed=7).encode()
    assert screen(iter_rows(io.BytesIO(data), FileFormat.CSV)) == []


@settings(max_examples=300)
@given(
    st.one_of(
        st.integers(min_value=0, max_value=10**12).map(str),
        st.floats(min_value=0, max_value=1e12, allow_nan=False).map(lambda x: f"{x:.4f}"),
        st.dates().map(lambda day: day.isoformat()),
        st.integers(min_value=100000, max_value=999999).map(lambda code: f"NAICS {code}"),
        st.from_regex(r"[A-Z]{2}-[A-Z]{2}-[0-9]{4}", fullmatch=True),
    )
)
def test_numbers_dates_codes_and_ids_are_never_personal_data(text: str) -> None:
    assert kinds_in(text) == []


@pytest.mark.parametrize(("text", "kind"), PERSONAL_DATA)
def test_the_shape_scan_of_a_part_lets_every_kind_through(text: str, kind: Kind) -> None:
    part = f'{PART_HEADER}\n{PART_LINE},inv 7\n{PART_LINE},"{text}"\n'
    assert Finding(3, "reference", kind) in screen_table(part, read_table(part, 2))


def test_a_table_part_is_screened_as_its_rows_are() -> None:
    clean = f'{PART_HEADER}\n{PART_LINE},inv 7\n{PART_LINE},"PO 9, 2025"\n'
    table = read_table(clean, 2)
    assert screen_table(clean, table) == screen(table.records()) == []
    dirty = f"{clean}{PART_LINE},call +44 20 7946 0958\n{PART_LINE},jane.doe@example.com\n"
    table = read_table(dirty, 2)
    assert screen_table(dirty, table) == [
        Finding(4, "reference", Kind.PHONE),
        Finding(5, "reference", Kind.EMAIL),
    ]
