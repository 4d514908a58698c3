import pytest

from footprint.domain.errors import InvalidInput
from footprint.domain.factors import (
    CATEGORIES,
    Edition,
    FactorLibrary,
    check_gwp_set,
    choose_edition,
)


def _edition(year: int) -> Edition:
    return Edition("src", str(year), year, "P", "T", "r", "l", "f", "AR5", ())


def test_edition_in_force_for_its_year() -> None:
    choice = choose_edition([_edition(2024), _edition(2025)], 2024)
    assert choice.edition.year == 2024
    assert choice.reason == "edition 2024 is in force for 2024"


def test_edition_after_the_latest_uses_the_latest_and_says_so() -> None:
    choice = choose_edition([_edition(2025), _edition(2024)], 2026)
    assert choice.edition.year == 2025
    assert "none for 2026" in choice.reason


def test_edition_before_the_earliest_falls_back_and_says_so() -> None:
    choice = choose_edition([_edition(2025), _edition(2024)], 2020)
    assert choice.edition.year == 2024
    assert choice.reason.startswith("fallback: activity year 2020 precedes")


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


def test_gwp_sets(library: FactorLibrary) -> None:
    gwp = library.gwp
    assert [gwp.gwp("CH4", s) for s in ("AR4", "AR5", "AR6")] == [25.0, 28.0, 27.9]
    assert [gwp.gwp("N2O", s) for s in ("AR4", "AR5", "AR6")] == [298.0, 265.0, 273.0]
    assert [gwp.gwp("HFC134a", s) for s in ("AR4", "AR5", "AR6")] == [1430.0, 1300.0, 1530.0]


def test_gwp_set_names_are_checked() -> None:
    assert check_gwp_set("ar6") == "AR6"
    with pytest.raises(InvalidInput):
        check_gwp_set("SAR")


@pytest.mark.parametrize("name", ["HFC-134a", "hfc_134a", "HFC134a"])
def test_refrigerant_spellings(library: FactorLibrary, name: str) -> None:
    found = library.gwp.refrigerant(name)
    assert found is not None
    assert found.name == "HFC134a"


def test_hub_names_map_to_ipcc_species(library: FactorLibrary) -> None:
    found = library.gwp.refrigerant("PFC-14")
    assert found is not None
    assert found.name == "CF4"


def test_blend_gwp_from_composition_matches_epa_rounding(library: FactorLibrary) -> None:
    """EPA Table 12 prints AR5 blend GWPs rounded to integers; the composition reproduces all
    but R-424A, whose printed 3104 contradicts its own stated composition (50.5 % HFC-125,
    47 % HFC-134a: 2211.85). The library follows the composition and keeps EPA's number in
    the provenance; see data/factors/README.md."""
    gwp = library.gwp
    assert len(gwp.blends) == 30
    mismatched = {
        blend.name
        for blend in gwp.blends.values()
        if abs(gwp.blend_gwp(blend, "AR5") - blend.published_gwp[0]) > 0.5
    }
    assert mismatched == {"R-424A"}
    assert gwp.blend_gwp(gwp.blends["r_424a"], "AR5") == pytest.approx(2211.85, rel=1e-12)


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
