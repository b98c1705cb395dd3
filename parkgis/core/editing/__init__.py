"""Edit sessions on project layers: buffered changes keyed by fid, journalled, committed per feature."""

from .journal import Journal, orphaned_journals, read_journal
from .session import EditSession, FeatureEdit

__all__ = ["EditSession", "FeatureEdit", "Journal", "orphaned_journals", "read_journal"]
