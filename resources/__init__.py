"""Data shipped with parkgis: translations, styles, rule sets, vendored web assets (see each folder)."""
