"""Compare two ``parkgis check --format json`` parcels: the same keys and values, areas to 0.01 m²
(and the 亩/公顷/share figures derived from them to the same tolerance). Shared by the
database-check test and benchmarks/bench_team_check.py."""

from __future__ import annotations

M2_TOLERANCE = 0.01
#: tolerance per numeric key: the figures derived from an area follow its 0.01 m²
TOLERANCE = {"area_m2": M2_TOLERANCE, "net_area_m2": M2_TOLERANCE, "ellipsoidal_area_m2": M2_TOLERANCE,
             "area_mu": M2_TOLERANCE * 15 / 10_000, "net_area_mu": M2_TOLERANCE * 15 / 10_000,
             "area_ha": M2_TOLERANCE / 10_000, "net_area_ha": M2_TOLERANCE / 10_000,
             "share": 1e-6, "mean_width_m": 1e-4}


def parcels_agree(want, got, path: str = "") -> str | None:
    """None when ``got`` equals ``want`` to the tolerances, else where they first differ."""
    if isinstance(want, dict):
        if not isinstance(got, dict) or want.keys() != got.keys():
            return f"{path or 'parcel'}: keys {sorted(want) if isinstance(want, dict) else want} vs " \
                   f"{sorted(got) if isinstance(got, dict) else got}"
        for key in want:
            why = _agree_value(key, want[key], got[key], f"{path}.{key}" if path else key)
            if why:
                return why
        return None
    return _agree_value("", want, got, path)


def _agree_value(key, want, got, path):
    if isinstance(want, dict):
        return parcels_agree(want, got, path)
    if isinstance(want, list):
        if not isinstance(got, list) or len(want) != len(got):
            return f"{path}: {want} vs {got}"
        for k, (a, b) in enumerate(zip(want, got, strict=True)):
            why = _agree_value(key, a, b, f"{path}[{k}]")
            if why:
                return why
        return None
    if isinstance(want, float) and isinstance(got, float | int) and key in TOLERANCE:
        return None if abs(want - got) <= TOLERANCE[key] + 1e-12 else f"{path}: {want} vs {got}"
    return None if want == got else f"{path}: {want!r} vs {got!r}"
