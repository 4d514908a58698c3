"""The shipped factor library: its editions, search, categories and catalogue."""

from __future__ import annotations

from footprint.domain.factors import CATEGORIES, FactorLibrary


def test_library_holds_every_edition(library: FactorLibrary) -> None:
    names = {(e.source, e.edition) for e in library.editions()}
    assert names == {
        ("desnz", "2024"),
        ("desnz", "2025"),
        ("epa_hub", "2024"),
        ("epa_hub", "2025"),
        ("useeio", "1.3.0"),
    }


def test_search_by_text_region_and_edition(library: FactorLibrary) -> None:
    found = library.search(
        "natural gas", category="stationary_combustion", region="us", edition="epa_hub-2025"
    )
    assert [f.id for f in found] == [
        "epa_hub-2025/t1/natural_gas/mmBtu",
        "epa_hub-2025/t1/natural_gas/scf",
        "epa_hub-2025/t1/natural_gasoline/mmBtu",
        "epa_hub-2025/t1/natural_gasoline/gal",
    ]


def test_search_by_category_and_edition_only(library: FactorLibrary) -> None:
    found = library.search(category="electricity", edition="2024", region="CAMX")
    assert [f.id for f in found] == ["epa_hub-2024/t6/CAMX/MWh"]
    assert found[0].values[0].value == 497.443


def test_search_limit_and_no_match(library: FactorLibrary) -> None:
    assert len(library.search("flights", limit=3)) == 3
    assert library.search("no such factor anywhere") == []


def test_every_factor_category_is_a_known_category(library: FactorLibrary) -> None:
    for factor in library.factors.values():
        assert set(factor.categories) <= set(CATEGORIES), factor.id


def test_catalogue_lists_activities_with_regions_units_and_editions(
    library: FactorLibrary,
) -> None:
    entries = {(e.category, e.activity): e for e in library.catalogue()}
    gas = entries["stationary_combustion", "natural_gas"]
    assert gas.regions == ("US",)
    assert gas.units == ("mmBtu", "scf")
    assert gas.editions == ("epa_hub-2024", "epa_hub-2025")
    assert entries["refrigerants", "r_404a"].regions == ("any",)
    assert entries["electricity", "grid"].regions[-1] == "US"
    assert ("mobile_combustion", "diesel_fuel") not in entries  # Table 2 is a component only


def test_each_activity_and_region_has_one_source(library: FactorLibrary) -> None:
    """The edition rule chooses among editions of one source; two publishers for the same
    (category, activity, region) would make the choice ambiguous."""
    sources: dict[tuple[str, str, str], set[str]] = {}
    for factor in library.factors.values():
        if factor.component:
            continue
        for category in factor.categories:
            key = (category, factor.activity, factor.region)
            sources.setdefault(key, set()).add(factor.edition.source)
    assert {key: found for key, found in sources.items() if len(found) > 1} == {}
