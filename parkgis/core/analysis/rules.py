"""Rule sets as data (TOML): which rules run, their severity, tolerances, the layer role that
feeds each rule, and the legal basis (判定依据) printed in reports.

The default rule set ships as ``resources/rulesets/default.toml``; see that file for the keys.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import DataError
from ..fsutil import require_readable
from ..resources import resource_path
from ..roles import Role

PROHIBITED = "prohibited"
CONSTRAINED = "constrained"
COMPLIANT = "compliant"
ALLOWED = "allowed"
SEVERITIES = (PROHIBITED, CONSTRAINED)
SEVERITY_LABELS_ZH = {PROHIBITED: "禁止", CONSTRAINED: "限制", COMPLIANT: "符合"}
#: The check's conclusions in the words reviews use (DESIGN §5: 符合 / 不符合): the one vocabulary of the
#: check panel, the reports, the web map and the CLI. Everything below is derived from it.
STATUS_WORDS = {
    "zh_CN": {PROHIBITED: "不符合", CONSTRAINED: "有条件", COMPLIANT: "符合"},
    "en": {PROHIBITED: "Non-compliant", CONSTRAINED: "Conditional", COMPLIANT: "Compliant"},
}
_SEVERITY_WORDS_EN = {PROHIBITED: "prohibited", CONSTRAINED: "constrained"}


def status_label(status: str, language: str = "zh_CN", *, short: bool = False) -> str:
    """A conclusion for the user: ``"不符合（禁止）"`` (the word and the severity that made it, where a
    status stands alone), or with ``short`` just ``"不符合"`` (in counts: 符合 3，有条件 1，不符合 2)."""
    lang = "en" if language.startswith("en") else "zh_CN"
    word = STATUS_WORDS[lang][status]
    if short or status == COMPLIANT:
        return word
    return f"{word}（{SEVERITY_LABELS_ZH[status]}）" if lang == "zh_CN" else f"{word} ({_SEVERITY_WORDS_EN[status]})"


def severity_label(severity: str, language: str = "zh_CN") -> str:
    """A rule's severity for the user: ``"禁止"`` / ``"限制"`` (as the reports' 严重程度 column)."""
    if language.startswith("en"):
        return _SEVERITY_WORDS_EN.get(severity, severity)
    return SEVERITY_LABELS_ZH.get(severity, severity)


STATUS_WORDS_ZH = STATUS_WORDS["zh_CN"]
STATUS_LABELS_ZH = {status: status_label(status) for status in STATUS_WORDS_ZH}

#: kind → does it need a constraint layer
KINDS = {"overlap": True, "outside": True, "parcel_overlap": False, "invalid_geometry": False,
         "use_zone_matrix": True}

#: matrix cell values (English, or the Chinese words a review uses) → level
MATRIX_LEVELS = {ALLOWED: ALLOWED, CONSTRAINED: CONSTRAINED, PROHIBITED: PROHIBITED,
                 "允许": ALLOWED, "限制": CONSTRAINED, "禁止": PROHIBITED}
#: level → rank (worst wins); the engine indexes its level tables with these
LEVEL_RANK = {ALLOWED: 0, CONSTRAINED: 1, PROHIBITED: 2}
LEVEL_LABELS_ZH = {ALLOWED: "允许", CONSTRAINED: "限制", PROHIBITED: "禁止"}

#: the built-in rules of DESIGN §3: name → (kind, layer role, default severity, label)
BUILTIN_RULES: dict[str, tuple[str, str | None, str, str]] = {
    "eco_redline": ("overlap", Role.ECO_REDLINE.value, PROHIBITED, "占用生态保护红线"),
    "farmland": ("overlap", Role.FARMLAND.value, PROHIBITED, "占用永久基本农田"),
    "outside_udb": ("outside", Role.UDB.value, PROHIBITED, "位于城镇开发边界外"),
    "outside_park": ("outside", Role.PARK.value, CONSTRAINED, "位于园区四至范围外"),
    "parcel_overlap": ("parcel_overlap", None, CONSTRAINED, "与其他地块重叠"),
    "invalid_geometry": ("invalid_geometry", None, CONSTRAINED, "地块图形无效"),
}

_CONSTRAINT_LAYERS = tuple(r.value for r in Role if r is not Role.PARCELS)
_RULE_KEYS = {"kind", "layer", "severity", "label", "basis", "deduction_field", "where", "enabled"}
_MATRIX_KEYS = {"kind", "layer", "label", "basis", "enabled", "use_field", "zone_field", "zone_values", "matrix"}
_TOP_KEYS = {"name", "version", "settings", "rules"}
_SETTING_KEYS = {"min_area", "min_width"}

DEFAULT_MIN_AREA = 1.0
DEFAULT_MIN_WIDTH = 0.10


@dataclass(frozen=True)
class FeatureFilter:
    """Keep only the features whose ``field`` starts with one of ``prefix`` or is in ``values``."""

    field: str
    prefix: tuple[str, ...] = ()
    values: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.prefix:
            return f"{self.field} 以 {'/'.join(self.prefix)} 开头"
        return f"{self.field} ∈ {{{', '.join(self.values)}}}"


def normalise_zone_value(value: object) -> str:
    """A zone-type value as compared with the ``zone_values`` spellings (trimmed, case-folded)."""
    return str(value).strip().casefold()


@dataclass(frozen=True)
class UseZoneMatrix:
    """用地用途 × 三区 matrix: for a parcel's 用地用海 code and a zone type, allowed/constrained/prohibited.

    ``rows`` maps a code prefix to one level per zone type (in ``zones`` order); the longest
    matching prefix wins and codes no row matches take ``default``. ``zone_values`` maps each
    accepted spelling of a zone type (normalised by :func:`normalise_zone_value`) to the zone type.
    """

    use_fields: tuple[str, ...]
    zone_fields: tuple[str, ...]
    zones: tuple[str, ...]
    zone_values: tuple[tuple[str, str], ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    default: tuple[str, ...]

    def zone_of(self, value: object) -> str | None:
        key = normalise_zone_value(value)
        for spelling, zone in self.zone_values:
            if spelling == key:
                return zone
        return None

    def row_of(self, code: str) -> int:
        """Index into ``rows`` of the longest prefix of ``code``; ``len(rows)`` for the default row."""
        best, best_len = len(self.rows), -1
        for i, (prefix, _) in enumerate(self.rows):
            if code.startswith(prefix) and len(prefix) > best_len:
                best, best_len = i, len(prefix)
        return best

    def levels(self, row: int) -> tuple[str, ...]:
        return self.default if row >= len(self.rows) else self.rows[row][1]

    @property
    def worst(self) -> str | None:
        found = {lv for _, lvs in self.rows for lv in lvs} | set(self.default)
        for level in (PROHIBITED, CONSTRAINED):
            if level in found:
                return level
        return None


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    severity: str
    label: str
    layer: str | None = None
    basis: str = ""
    deduction_field: str | None = None
    where: FeatureFilter | None = None
    matrix: UseZoneMatrix | None = None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    min_area: float = DEFAULT_MIN_AREA
    min_width: float = DEFAULT_MIN_WIDTH
    name: str = ""
    version: str = ""
    source: str | None = None

    def rule(self, name: str) -> Rule:
        for r in self.rules:
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def layer_roles(self) -> set[str]:
        return {r.layer for r in self.rules if r.layer}

    def with_settings(self, *, min_area: float | None = None, min_width: float | None = None) -> RuleSet:
        return replace(self,
                       min_area=self.min_area if min_area is None else float(min_area),
                       min_width=self.min_width if min_width is None else float(min_width))


def default_ruleset_path() -> Path:
    return resource_path("rulesets", "default.toml")


def default_ruleset() -> RuleSet:
    return load_ruleset(default_ruleset_path())


def load_ruleset(path: str | Path | None = None) -> RuleSet:
    """Read and validate a rule-set file (the default one when ``path`` is None).

    Raises :class:`DataError` naming the file and the offending rule/key: unknown rules, kinds,
    layers, severities or keys are refused rather than silently ignored.
    """
    path = require_readable(path) if path is not None else default_ruleset_path()
    if not path.is_file():
        raise DataError(path, "rule-set file not found")
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(path, f"not a valid TOML rule set: {exc}") from None
    except UnicodeDecodeError:
        raise DataError(path, "a rule set must be UTF-8 TOML") from None
    return parse_ruleset(data, source=str(path))


def parse_ruleset(data: dict, *, source: str | None = None) -> RuleSet:
    def fail(problem: str) -> DataError:
        return DataError(source or "<rule set>", problem)

    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_TOP_KEYS))}")
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise fail("[settings] must be a table")
    unknown = set(settings) - _SETTING_KEYS
    if unknown:
        raise fail(f"unknown setting(s) {', '.join(sorted(unknown))}; allowed: min_area, min_width")
    tolerances = {}
    for key, default in (("min_area", DEFAULT_MIN_AREA), ("min_width", DEFAULT_MIN_WIDTH)):
        value = settings.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise fail(f"setting {key} must be a number ≥ 0, not {value!r}")
        tolerances[key] = float(value)
    rules_table = data.get("rules")
    if not isinstance(rules_table, dict) or not rules_table:
        raise fail("no [rules.NAME] tables: a rule set needs at least one rule")
    rules = []
    for name, spec in rules_table.items():
        if not isinstance(spec, dict):
            raise fail(f"rule {name}: must be a table")
        rule = _parse_rule(name, spec, fail)
        if rule is not None:
            rules.append(rule)
    return RuleSet(rules=tuple(rules), min_area=tolerances["min_area"], min_width=tolerances["min_width"],
                   name=str(data.get("name", "")), version=str(data.get("version", "")), source=source)


def _parse_rule(name: str, spec: dict, fail) -> Rule | None:
    if spec.get("kind") == "use_zone_matrix":
        return _parse_matrix_rule(name, spec, fail)
    unknown = set(spec) - _RULE_KEYS
    if unknown:
        raise fail(f"rule {name}: unknown key(s) {', '.join(sorted(unknown))}; "
                   f"allowed: {', '.join(sorted(_RULE_KEYS))}")
    builtin = BUILTIN_RULES.get(name)
    kind = spec.get("kind", builtin[0] if builtin else None)
    if kind is None:
        raise fail(f"unknown rule {name!r}: built-in rules are {', '.join(BUILTIN_RULES)}; "
                   f"a new rule needs a kind ({', '.join(KINDS)})")
    if kind not in KINDS:
        raise fail(f"rule {name}: unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if builtin and kind != builtin[0]:
        raise fail(f"rule {name}: a built-in rule keeps its kind {builtin[0]!r}")
    layer = spec.get("layer", builtin[1] if builtin else None)
    if KINDS[kind]:
        if layer is None:
            raise fail(f"rule {name}: a {kind} rule needs a layer role ({', '.join(_CONSTRAINT_LAYERS)})")
        if layer not in _CONSTRAINT_LAYERS:
            raise fail(f"rule {name}: unknown layer {layer!r}; choose one of {', '.join(_CONSTRAINT_LAYERS)}")
    elif "layer" in spec:
        raise fail(f"rule {name}: a {kind} rule takes no layer")
    severity = spec.get("severity", builtin[2] if builtin else None)
    if severity not in SEVERITIES:
        raise fail(f"rule {name}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    enabled = spec.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail(f"rule {name}: enabled must be true or false")
    deduction = spec.get("deduction_field")
    if deduction is not None and (kind != "overlap" or not isinstance(deduction, str)):
        raise fail(f"rule {name}: deduction_field is a field name and only applies to overlap rules")
    where = spec.get("where")
    feature_filter = None
    if where is not None:
        if kind not in ("overlap", "outside") or not isinstance(where, dict):
            raise fail(f"rule {name}: where must be a table {{ field = ..., prefix = [...] }} on a layer rule")
        extra = set(where) - {"field", "prefix", "values"}
        fld = where.get("field")
        prefix, values = where.get("prefix", []), where.get("values", [])
        if extra or not isinstance(fld, str) or not (prefix or values) or not isinstance(prefix, list) \
                or not isinstance(values, list):
            raise fail(f"rule {name}: where needs field and a list prefix = [...] or values = [...]")
        feature_filter = FeatureFilter(fld, tuple(map(str, prefix)), tuple(map(str, values)))
    if not enabled:
        return None
    label = spec.get("label", builtin[3] if builtin else name)
    return Rule(name=name, kind=kind, severity=severity, label=str(label), layer=layer,
                basis=str(spec.get("basis", "")), deduction_field=deduction, where=feature_filter)


def _field_names(name: str, spec: dict, key: str, fail) -> tuple[str, ...]:
    value = spec.get(key)
    if value is None:
        raise fail(f"rule {name}: a use_zone_matrix rule needs {key} (a field name, or a list of candidates)")
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(v, str) and v.strip() for v in names):
        raise fail(f"rule {name}: {key} must be a field name or a non-empty list of field names")
    return tuple(v.strip() for v in names)


def _parse_matrix_rule(name: str, spec: dict, fail) -> Rule | None:
    """A ``use_zone_matrix`` rule: the parcel's 用地用海 code against the 三区 zone it lies in."""
    unknown = set(spec) - _MATRIX_KEYS
    if unknown:
        hint = " (the matrix cells set the severity)" if "severity" in unknown else ""
        raise fail(f"rule {name}: unknown key(s) {', '.join(sorted(unknown))} for a use_zone_matrix rule{hint}; "
                   f"allowed: {', '.join(sorted(_MATRIX_KEYS))}")
    if name in BUILTIN_RULES:
        raise fail(f"rule {name}: a built-in rule keeps its kind {BUILTIN_RULES[name][0]!r}")
    layer = spec.get("layer", Role.ZONES.value)
    if layer not in _CONSTRAINT_LAYERS:
        raise fail(f"rule {name}: unknown layer {layer!r}; choose one of {', '.join(_CONSTRAINT_LAYERS)}")
    enabled = spec.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail(f"rule {name}: enabled must be true or false")
    use_fields = _field_names(name, spec, "use_field", fail)
    zone_fields = _field_names(name, spec, "zone_field", fail)

    matrix = spec.get("matrix")
    if not isinstance(matrix, dict) or not matrix:
        raise fail(f"rule {name}: a use_zone_matrix rule needs a matrix table "
                   "(code prefix = { zone type = allowed|constrained|prohibited }, plus a default row)")
    if "default" not in matrix:
        raise fail(f"rule {name}: the matrix needs a default row for the codes no row lists")

    zone_values = spec.get("zone_values")
    spellings: dict[str, str] = {}
    if zone_values is not None:
        if not isinstance(zone_values, dict) or not zone_values:
            raise fail(f"rule {name}: zone_values must be a table: zone type = [spellings and codes]")
        zones = tuple(str(z) for z in zone_values)
        for zone, values in zone_values.items():
            if not isinstance(values, list) or not all(isinstance(v, str | int) and not isinstance(v, bool)
                                                       for v in values):
                raise fail(f"rule {name}: zone_values.{zone} must be a list of spellings/codes")
            for v in [zone, *values]:
                key = normalise_zone_value(v)
                if spellings.get(key, zone) != zone:
                    raise fail(f"rule {name}: zone value {v!r} is listed under both {spellings[key]} and {zone}")
                spellings[key] = zone
    else:
        default_row = matrix["default"]
        zones = tuple(str(z) for z in default_row) if isinstance(default_row, dict) else ()
        spellings = {normalise_zone_value(z): z for z in zones}

    def cells(prefix: str, row: object, fallback: tuple[str, ...] | None) -> tuple[str, ...]:
        where = f"rule {name}: matrix row {prefix!r}"
        if not isinstance(row, dict) or not row:
            raise fail(f"{where} must be a table {{ zone type = allowed|constrained|prohibited }}")
        extra = [z for z in row if z not in zones]
        if extra:
            raise fail(f"{where} names unknown zone type(s) {', '.join(map(str, extra))}; "
                       f"zone types: {', '.join(zones)}")
        out = []
        for k, zone in enumerate(zones):
            if zone not in row:
                if fallback is None:
                    raise fail(f"{where} gives no level for {zone}: the default row must cover every zone type")
                out.append(fallback[k])
                continue
            level = MATRIX_LEVELS.get(row[zone]) if isinstance(row[zone], str) else None
            if level is None:
                raise fail(f"{where}: {zone} = {row[zone]!r} is not a severity; "
                           "use allowed, constrained or prohibited (允许/限制/禁止)")
            out.append(level)
        return tuple(out)

    default = cells("default", matrix["default"], None)
    rows = []
    for prefix, row in matrix.items():
        if prefix == "default":
            continue
        if not str(prefix).strip():
            raise fail(f"rule {name}: a matrix row needs a non-empty code prefix")
        rows.append((str(prefix).strip(), cells(prefix, row, default)))
    mx = UseZoneMatrix(use_fields=use_fields, zone_fields=zone_fields, zones=zones,
                       zone_values=tuple(spellings.items()), rows=tuple(rows), default=default)
    severity = mx.worst
    if severity is None:
        raise fail(f"rule {name}: the matrix allows every use in every zone: nothing to check")
    if not enabled:
        return None
    return Rule(name=name, kind="use_zone_matrix", severity=severity, label=str(spec.get("label", name)),
                layer=layer, basis=str(spec.get("basis", "")), matrix=mx)
