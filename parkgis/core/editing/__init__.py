"""Edit sessions on project layers: buffered changes keyed by fid, journalled, committed per feature."""

from .journal import Journal, orphaned_journals, read_journal
from .operations import EditRefused
from .session import EditSession, FeatureEdit
from .validation import Finding, ValidationError

__all__ = ["EditRefused", "EditSession", "FeatureEdit", "Finding", "Journal", "ValidationError", "orphaned_journals",
           "read_journal"]
