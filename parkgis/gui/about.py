"""帮助 → 关于: the version and build of this parkgis, the versions of the libraries under it (GDAL,
PROJ, GEOS, Qt, Python — what a support request needs) and the licences of every bundled component."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.about import build_info, bundled_licences, licences_text, runtime_versions


def versions() -> dict[str, str]:
    out = runtime_versions()
    out["Qt"] = qVersion()
    out["PySide6"] = pyside_version
    return out


def licences() -> str:
    """The bundle's LICENSES/README.txt, or the same list made from this environment."""
    folder = bundled_licences()
    if folder is not None and (folder / "README.txt").is_file():
        return (folder / "README.txt").read_text(encoding="utf-8")
    return licences_text()


class AboutDialog(QDialog):
    def __init__(self, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About parkgis"))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        tabs = QTabWidget(self)
        layout.addWidget(tabs)

        about = QWidget()
        about_layout = QVBoxLayout(about)
        text = QLabel(description)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        about_layout.addWidget(text)
        info = build_info()
        kind = {"bundle": self.tr("desktop bundle"), "installed": self.tr("installed package"),
                "source": self.tr("source checkout")}.get(info.get("kind", ""), info.get("kind", ""))
        build = self.tr("Build: %1").replace("%1", kind)
        if info.get("date"):
            build += " · " + self.tr("built %1").replace("%1", info["date"])
        self.build_label = QLabel(build)
        about_layout.addWidget(self.build_label)
        self.versions = versions()
        self.table = QTableWidget(len(self.versions), 2, about)
        self.table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, (name, version) in enumerate(self.versions.items()):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(version))
        about_layout.addWidget(self.table, 1)
        copy = QPushButton(self.tr("Copy Versions"))
        copy.setToolTip(self.tr("For a support request"))
        copy.clicked.connect(self.copy_versions)
        about_layout.addWidget(copy, 0, Qt.AlignmentFlag.AlignLeft)
        tabs.addTab(about, self.tr("About"))

        lic = QWidget()
        lic_layout = QVBoxLayout(lic)
        lic_layout.addWidget(QLabel(self.tr("parkgis ships these third-party components under their licences:")))
        self.licences = QPlainTextEdit(licences())
        self.licences.setReadOnly(True)
        lic_layout.addWidget(self.licences, 1)
        folder = bundled_licences()
        if folder is not None:
            open_folder = QPushButton(self.tr("Open the Licence Texts Folder"))
            open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
            lic_layout.addWidget(open_folder, 0, Qt.AlignmentFlag.AlignLeft)
        tabs.addTab(lic, self.tr("Licences"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def versions_text(self) -> str:
        return "\n".join(f"{k}: {v}" for k, v in self.versions.items())

    def copy_versions(self) -> None:
        QGuiApplication.clipboard().setText(self.versions_text())


__all__ = ["AboutDialog", "licences", "versions"]
