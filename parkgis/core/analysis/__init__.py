"""Conflict check (合规性审查): rules, the prepared index, sliver policy and results.

>>> from parkgis.core.analysis import check_parcels, ConflictIndex, load_ruleset  # doctest: +SKIP
"""

from .engine import ConflictIndex, check_parcels, repair
from .results import CheckResult, Conflict, LayerInfo, ParcelResult, Sliver
from .rules import (
    COMPLIANT,
    CONSTRAINED,
    PROHIBITED,
    Rule,
    RuleSet,
    default_ruleset,
    load_ruleset,
    parse_ruleset,
)

__all__ = ["COMPLIANT", "CONSTRAINED", "PROHIBITED", "CheckResult", "Conflict", "ConflictIndex", "LayerInfo",
           "ParcelResult", "Rule", "RuleSet", "Sliver", "check_parcels", "default_ruleset", "load_ruleset",
           "parse_ruleset", "repair"]
