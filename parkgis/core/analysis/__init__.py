"""Conflict check (合规性审查): rules, the prepared index, sliver policy and results.

>>> from parkgis.core.analysis import check_parcels, ConflictIndex, load_ruleset
"""

from .engine import ConflictIndex, check_parcels, repair
from .inputs import check_layers, constraint_layers, project_check_inputs
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
    severity_label,
    status_label,
)

__all__ = ["COMPLIANT", "CONSTRAINED", "PROHIBITED", "CheckResult", "Conflict", "ConflictIndex", "LayerInfo",
           "ParcelResult", "Rule", "RuleSet", "Sliver", "check_layers", "check_parcels", "check_project", "constraint_layers",
           "default_ruleset", "load_ruleset", "parse_ruleset", "project_check_inputs", "repair", "severity_label", "status_label"]


def check_project(project, ruleset=None, **options) -> CheckResult:
    """Check a project's parcels against its constraint layers (``parkgis check PROJECT``)."""
    parcels, constraints = project_check_inputs(project)
    return check_parcels(parcels, constraints, ruleset, **options)
