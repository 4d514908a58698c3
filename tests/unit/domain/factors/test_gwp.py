"""Global warming potentials: the three IPCC sets, refrigerant names and blends."""

from __future__ import annotations

import pytest

from footprint.domain.errors import InvalidInput
from footprint.domain.factors import FactorLibrary, check_gwp_set


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
