"""Dates and horizons: typed values from the ways reports write time."""
import pytest

from spacekg.extract.dates import first_date, horizons_in


@pytest.mark.parametrize("text, kind, value", [
    ("expected to launch by 2029.", "year", "2029"),
    ("Study Period: 2025-2031", "period", "2025/2031"),
    ("growing from 2024 to 2030", "period", "2024/2030"),
    ("Last Updated:  Aug 05, 2025 |", "date", "2025-08-05"),
    ("signed on 12 May 2027", "date", "2027-05-12"),
    ("announced in March 2026", "month", "2026-03"),
    ("operational by the mid-2030s", "decade", "2035"),
    ("Over the next decade, pilot missions", "relative", "Over the next decade"),
])
def test_horizons(text, kind, value):
    (h,) = horizons_in(text)
    assert (h.kind, h.value) == (kind, value)
    assert text[h.start:h.end] == h.text


def test_relative_horizons_count_years():
    assert horizons_in("within five years")[0].years_ahead == 5
    assert horizons_in("over the next decade")[0].years_ahead == 10


def test_several_horizons_in_order():
    values = [h.value for h in horizons_in("from USD 1.2 billion in 2025 to USD 7.6 billion by 2031")]
    assert values == ["2025", "2031"]


def test_first_date_skips_periods_and_relative():
    assert first_date("over the next decade, and in 2029") == "2029"
    assert first_date("no dates here") is None
