"""Storage of a project's features: the store protocol (:mod:`.base`), the GeoPackage store
(:mod:`.geopackage`) and the PostGIS store of the team database (:mod:`.postgis`, which alone imports
psycopg). (A regular package: without this file find_packages left the store out of the wheel and
import-linter did not see its modules.)"""
