"""Where a project's features live: the store contract (:mod:`.base`) and its GeoPackage implementation."""
