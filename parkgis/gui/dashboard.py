"""The park dashboard (园区看板): charts of the register per park, drawn with QPainter (Qt only, no plotting
library): parcels and area by stage (stacked bars), listed / sold / started area (grouped bars), 亩均 figures
when the project holds annual figures, and the idle area at each month end. Each chart exports as PNG. The
figures are :func:`parkgis.core.parcels.views.dashboard`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core.parcels import views as V
from ..core.parcels.model import Stage


def number_text(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


@dataclass
class ChartData:
    """Horizontal bars: one row per category (a park); ``series`` (label, colour) each with one value per
    row. ``stacked``: the series stack in one bar; else each series is its own thin bar (grouped)."""

    title: str
    categories: list[str]
    series: list[tuple[str, str]]
    values: list[list[float]]          # values[series][category]
    unit: str = ""
    stacked: bool = True
    digits: int = 0
    empty_text: str = ""
    notes: list[str] = field(default_factory=list)


class BarChart(QWidget):
    """A horizontal bar chart with the category names on the left, a legend on top and the numbers on the
    bars (a segment's number inside it when it fits, each bar's total at its end)."""

    ROW_STACKED = 26
    ROW_GROUPED_BAR = 13

    def __init__(self, data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(520)
        self.setMinimumHeight(self.sizeHint().height())

    def set_data(self, data: ChartData) -> None:
        self.data = data
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        height = self.sizeHint().height()   # the legend wraps by the width
        if height != self.height():
            self.setFixedHeight(height)

    def _row_height(self) -> int:
        if self.data.stacked:
            return self.ROW_STACKED
        return self.ROW_GROUPED_BAR * len(self.data.series) + 10

    def _legend_rows(self, width: int) -> list[list[tuple[str, str]]]:
        fm = QFontMetrics(self.font())
        rows, row, x = [], [], 0
        if len(self.data.series) == 1:   # the title names the one series
            return []
        for label, colour in self._shown_series():
            w = 14 + 4 + fm.horizontalAdvance(label) + 14
            if row and x + w > width - 20:
                rows.append(row)
                row, x = [], 0
            row.append((label, colour))
            x += w
        if row:
            rows.append(row)
        return rows

    def _shown_series(self) -> list[tuple[str, str]]:
        return [s for k, s in enumerate(self.data.series) if any(v > 0 for v in self.data.values[k])]

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        fm = QFontMetrics(self.font())
        legend = len(self._legend_rows(max(self.width(), 520))) * (fm.height() + 6)
        if not self.data.categories:
            return QSize(560, 40 + fm.height() * 3)
        return QSize(560, 16 + fm.height() + 8 + legend + len(self.data.categories) * self._row_height()
                     + fm.height() + 16)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        self.paint(p, self.width())
        p.end()

    def paint(self, p: QPainter, width: int) -> None:
        d = self.data
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        bold.setPointSizeF(self.font().pointSizeF() * 1.15)
        p.setFont(bold)
        p.setPen(QColor("#202020"))
        title = d.title + (f"（{d.unit}）" if d.unit else "")
        p.drawText(QRectF(10, 8, width - 20, QFontMetrics(bold).height()), Qt.AlignmentFlag.AlignLeft, title)
        p.setFont(self.font())
        y = 8 + QFontMetrics(bold).height() + 8
        if not d.categories or not any(v > 0 for row in d.values for v in row):
            p.setPen(QColor("#707070"))
            p.drawText(QRectF(10, y, width - 20, fm.height() * 2), Qt.AlignmentFlag.AlignLeft,
                       d.empty_text or "—")
            return
        for row in self._legend_rows(width):
            x = 10
            for label, colour in row:
                p.fillRect(QRectF(x, y + (fm.height() - 12) / 2, 12, 12), QColor(colour))
                p.setPen(QColor("#303030"))
                p.drawText(QRectF(x + 16, y, fm.horizontalAdvance(label) + 4, fm.height()),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
                x += 14 + 4 + fm.horizontalAdvance(label) + 14
            y += fm.height() + 6
        label_w = min(max(fm.horizontalAdvance(c) for c in d.categories) + 12, int(width * 0.4))
        totals = [sum(d.values[s][c] for s in range(len(d.series))) for c in range(len(d.categories))]
        peak = max(totals) if d.stacked else max(max(v) for v in d.values)
        peak = peak or 1.0
        end_room = fm.horizontalAdvance(number_text(peak, d.digits)) + 12
        x0 = 10 + label_w
        span = max(width - x0 - end_room - 10, 40)
        row_h = self._row_height()
        grid_pen = QPen(QColor("#e6e6e6"))
        p.setPen(grid_pen)
        top, bottom = y, y + row_h * len(d.categories)
        for k in range(1, 5):
            gx = x0 + span * k / 4
            p.drawLine(int(gx), int(top), int(gx), int(bottom))
        for c, category in enumerate(d.categories):
            ry = y + c * row_h
            p.setPen(QColor("#202020"))
            shown = fm.elidedText(category, Qt.TextElideMode.ElideMiddle, label_w - 8)
            p.drawText(QRectF(10, ry, label_w - 8, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       shown)
            if d.stacked:
                x = x0
                for s, (_label, colour) in enumerate(d.series):
                    value = d.values[s][c]
                    if value <= 0:
                        continue
                    w = span * value / peak
                    rect = QRectF(x, ry + 4, w, row_h - 8)
                    p.fillRect(rect, QColor(colour))
                    text = number_text(value, d.digits)
                    if fm.horizontalAdvance(text) + 4 <= w:
                        p.setPen(QColor("#ffffff") if QColor(colour).lightness() < 140 else QColor("#202020"))
                        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
                    x += w
                p.setPen(QColor("#202020"))
                p.drawText(QRectF(x + 4, ry, end_room, row_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           number_text(totals[c], d.digits))
            else:
                for s, (_label, colour) in enumerate(d.series):
                    value = d.values[s][c]
                    by = ry + 5 + s * self.ROW_GROUPED_BAR
                    w = span * value / peak
                    p.fillRect(QRectF(x0, by, w, self.ROW_GROUPED_BAR - 2), QColor(colour))
                    p.setPen(QColor("#202020"))
                    p.drawText(QRectF(x0 + w + 4, by - 2, end_room + 20, self.ROW_GROUPED_BAR + 2),
                               Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, number_text(value, d.digits))
        p.setPen(QColor("#909090"))
        p.drawLine(int(x0), int(top), int(x0), int(bottom))
        for note in d.notes:
            p.drawText(QRectF(10, bottom + 4, width - 20, fm.height()), Qt.AlignmentFlag.AlignLeft, note)
            bottom += fm.height()


class MonthChart(QWidget):
    """The idle area at each month end: vertical bars, the month under each (every few when crowded), the
    number on each bar where it changes."""

    def __init__(self, title: str, points: list, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.points, self.unit = title, list(points), unit
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(520, 280)

    def set_points(self, points: list) -> None:
        self.points = list(points)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        bold.setPointSizeF(self.font().pointSizeF() * 1.15)
        p.setFont(bold)
        p.setPen(QColor("#202020"))
        p.drawText(QRectF(10, 8, self.width() - 20, QFontMetrics(bold).height()), Qt.AlignmentFlag.AlignLeft,
                   f"{self.title}（{self.unit}）")
        p.setFont(self.font())
        top = 8 + QFontMetrics(bold).height() + 8 + fm.height()
        bottom = self.height() - fm.height() - 14
        if not self.points:
            p.setPen(QColor("#707070"))
            p.drawText(QRectF(10, top, self.width() - 20, fm.height()), Qt.AlignmentFlag.AlignLeft, "—")
            p.end()
            return
        left, right = 30, self.width() - 30   # room for the first and last month under their bars
        n = len(self.points)
        slot = (right - left) / n
        peak = max(v for _d, v in self.points) or 1.0
        label_every = max(1, int((fm.horizontalAdvance("2026-12") + 8) // slot) + 1)
        p.setPen(QPen(QColor("#909090")))
        p.drawLine(left, int(bottom), right, int(bottom))
        previous = None
        for k, (day, value) in enumerate(self.points):
            x = left + k * slot
            h = (bottom - top) * value / peak
            p.fillRect(QRectF(x + slot * 0.15, bottom - h, slot * 0.7, h), QColor("#ef6f6c"))
            if value != previous or k == n - 1:
                text = number_text(value)
                p.setPen(QColor("#202020"))
                p.drawText(QRectF(x - 20, bottom - h - fm.height() - 2, slot + 40, fm.height()),
                           Qt.AlignmentFlag.AlignCenter, text)
            previous = value
            if k % label_every == 0 and (n - 1 - k >= label_every or k == n - 1) or k == n - 1:
                p.setPen(QColor("#404040"))
                p.drawText(QRectF(x - 24, bottom + 3, slot + 48, fm.height()), Qt.AlignmentFlag.AlignCenter,
                           f"{day.year}-{day.month:02d}")
        p.end()


class ChartFrame(QWidget):
    """A chart with its 导出 PNG button."""

    def __init__(self, chart: QWidget, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart, self.name = chart, name
        self.export_button = QPushButton(self.tr("Export PNG…"), self)
        self.export_button.setObjectName("exportPng")
        self.export_button.clicked.connect(self.export_dialog)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(chart)

    def export_png(self, path: str) -> bool:
        return self.chart.grab().save(str(path), "PNG")

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export chart"), f"{self.name}.png",
                                              self.tr("PNG image (*.png)"))
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            self.export_png(path)


STAGE_ORDER = list(Stage)


class DashboardWindow(QMainWindow):
    """园区看板: the charts of :class:`~parkgis.core.parcels.views.Dashboard`, in a scrolling window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("parkDashboard")
        self.setWindowTitle(self.tr("Park Dashboard"))
        self.resize(1280, 860)
        self.figures: V.Dashboard | None = None
        self.header = QLabel(self)
        self.header.setObjectName("dashboardHeader")
        self.count_chart = BarChart(ChartData("", [], [], []), self)
        self.area_chart = BarChart(ChartData("", [], [], []), self)
        self.progress_chart = BarChart(ChartData("", [], [], [], stacked=False), self)
        self.per_mu_chart = BarChart(ChartData("", [], [], [], stacked=False), self)      # 亩均税收
        self.sales_chart = BarChart(ChartData("", [], [], [], stacked=False), self)       # 亩均销售收入
        self.idle_chart = MonthChart(self.tr("Idle area at each month end"), [], self.tr("mu"), self)
        self.frames = {
            "count": ChartFrame(self.count_chart, "parcels_by_stage", self),
            "area": ChartFrame(self.area_chart, "area_by_stage", self),
            "progress": ChartFrame(self.progress_chart, "listed_sold_started", self),
            "per_mu": ChartFrame(self.per_mu_chart, "tax_per_mu", self),
            "sales": ChartFrame(self.sales_chart, "sales_per_mu", self),
            "idle": ChartFrame(self.idle_chart, "idle_by_month", self),
        }
        body = QWidget(self)
        grid = QGridLayout(body)
        grid.addWidget(self.header, 0, 0, 1, 2)
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self.frames["count"], 1, 0, top)
        grid.addWidget(self.frames["area"], 1, 1, top)
        grid.addWidget(self.frames["progress"], 2, 0, top)
        grid.addWidget(self.frames["idle"], 2, 1, top)
        grid.addWidget(self.frames["per_mu"], 3, 0, top)
        grid.addWidget(self.frames["sales"], 3, 1, top)
        grid.setRowStretch(4, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.setCentralWidget(scroll)

    def set_figures(self, figures: V.Dashboard) -> None:
        self.figures = figures
        parks = [p.park for p in figures.parks]
        stages = [s for s in STAGE_ORDER if any(p.count_by_stage.get(s) for p in figures.parks)]
        series = [(s.value, V.STAGE_COLOURS[s]) for s in stages]
        total_area = sum(p.area_mu for p in figures.parks)
        self.header.setText(self.tr("%1 parcels in %2 parks, %3 mu · as of %4")
                            .replace("%1", str(sum(p.count for p in figures.parks))).replace("%2", str(len(parks)))
                            .replace("%3", number_text(total_area, 1)).replace("%4", figures.as_of.isoformat()))
        self.count_chart.set_data(ChartData(
            self.tr("Parcels by stage"), parks, series,
            [[float(p.count_by_stage.get(s, 0)) for p in figures.parks] for s in stages], self.tr("parcels")))
        self.area_chart.set_data(ChartData(
            self.tr("Area by stage"), parks, series,
            [[p.area_by_stage.get(s, 0.0) for p in figures.parks] for s in stages], self.tr("mu")))
        self.progress_chart.set_data(ChartData(
            self.tr("Listed, sold and started area"), parks,
            [(self.tr("Listed"), "#4a8cc2"), (self.tr("Sold"), "#f29e4c"), (self.tr("Started"), "#31a354"),
             (self.tr("Idle"), "#ef6f6c")],
            [[p.listed_mu for p in figures.parks], [p.sold_mu for p in figures.parks],
             [p.started_mu for p in figures.parks], [p.idle_mu for p in figures.parks]],
            self.tr("mu"), stacked=False))
        with_figures = [p for p in figures.parks if p.tax_per_mu is not None]
        year = "" if figures.figures_year is None else self.tr("Year %1 ").replace("%1", str(figures.figures_year))
        empty = self.tr("No annual figures in the project: import them with the register (台账)")
        # one chart per indicator: 亩均税收 is tens of 万元, 亩均销售收入 hundreds — one scale would flatten the tax
        self.per_mu_chart.set_data(ChartData(
            year + self.tr("Tax per mu"), [p.park for p in with_figures], [(self.tr("Tax per mu"), "#1a9850")],
            [[p.tax_per_mu or 0.0 for p in with_figures]], self.tr("10k yuan per mu"), stacked=False, digits=1,
            empty_text=empty))
        self.sales_chart.set_data(ChartData(
            year + self.tr("Sales per mu"), [p.park for p in with_figures], [(self.tr("Sales per mu"), "#4575b4")],
            [[p.sales_per_mu or 0.0 for p in with_figures]], self.tr("10k yuan per mu"), stacked=False, digits=1,
            empty_text=empty))
        self.idle_chart.set_points(figures.idle_by_month)


__all__ = ["BarChart", "ChartData", "ChartFrame", "DashboardWindow", "MonthChart"]
