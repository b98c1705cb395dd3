"""Errors that reach the user: each names the file, the feature (where relevant) and the problem."""

from __future__ import annotations

from os import PathLike


class ParkgisError(Exception):
    """Base class of every error parkgis reports to the user instead of a traceback."""


class DataError(ParkgisError):
    """Bad or unreadable input data.

    The message always starts with the file, then the feature (if one is at fault), then the problem,
    so that the CLI can print it on one line and the GUI can show it in a dialog unchanged.
    """

    def __init__(self, path: str | PathLike[str] | None, problem: str, *, feature: object = None,
                 layer: str | None = None):
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.feature = feature
        self.layer = layer
        parts = []
        if self.path:
            parts.append(self.path + (f" (layer {layer})" if layer else ""))
        if feature is not None:
            parts.append(f"feature {feature}")
        parts.append(problem)
        super().__init__(": ".join(parts))


class UsageError(ParkgisError):
    """A request that cannot be carried out as asked (bad option, unknown role, ...)."""
