"""Report builders: data first, then renderers (JSON, CSV, XLSX 台账, HTML 审查报告, GeoPackage)."""

from .check_report import (
           REPORT_WRITERS,
           render_html,
           result_json,
           rows,
           write_csv,
           write_gpkg,
           write_html,
           write_json,
           write_xlsx,
)

__all__ = ["REPORT_WRITERS", "render_html", "result_json", "rows", "write_csv", "write_gpkg", "write_html",
           "write_json", "write_xlsx"]
