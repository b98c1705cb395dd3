"""Chinese of the core messages (see ``parkgis.core.messages``)."""

MESSAGES: list[tuple[str, str]] = [
]
