"""Dialogs of the edit sessions: recovering a crashed session's edits on open, and choosing per
feature when a save meets a conflict (someone else changed the same feature)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.editing.journal import pending_changes
from ..core.fields import field_alias


class RecoveryDialog(QMessageBox):
    """Offered on open when edits of a crashed session are waiting in a journal."""

    def __init__(self, contents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = pending_changes(contents)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Recover unsaved edits"))
        self.setText(self.tr("%1 edit(s) of a session that ended without saving (a crash or a power cut) were "
                             "found. Recover them?").replace("%1", str(len(rows))))
        words = {"delete": self.tr("deleted"), "add": self.tr("added"), "change": self.tr("changed")}
        lines = [f"{layer} #{fid}: {words[what]}  ({started[:19].replace('T', ' ')} {user})"
                 for started, user, layer, fid, what in rows[:200]]
        self.setDetailedText("\n".join(lines))
        self.setInformativeText(self.tr("Recovered edits are not saved yet: look at them, then save. Edits of "
                                        "features changed by someone else since are listed and left out."))
        self.recover_button = self.addButton(self.tr("Recover"), QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = self.addButton(self.tr("Discard them"), QMessageBox.ButtonRole.DestructiveRole)
        self.later_button = self.addButton(self.tr("Decide later"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.recover_button)


class ConflictDialog(QDialog):
    """Per conflicting feature: keep theirs (the file's version) or overwrite with mine."""

    def __init__(self, layer_name: str, conflicts, parent: QWidget | None = None, proposals=None) -> None:
        super().__init__(parent)
        self.proposals = dict(proposals or {})   # fid → MergeResult (EditSession.propose_merge)
        self.setWindowTitle(self.tr("Someone else changed the same features"))
        self.conflicts = list(conflicts)
        intro = QLabel(self.tr("Layer %1: these features were changed by another user or program since you "
                               "started editing them. Nothing was saved. Choose for each one.")
                       .replace("%1", layer_name))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.conflicts), 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Feature"), self.tr("Theirs"), self.tr("Mine"),
                                              self.tr("Keep")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.choices: list[QComboBox] = []
        for row, conflict in enumerate(self.conflicts):
            self.table.setItem(row, 0, QTableWidgetItem(str(conflict.fid)))
            self.table.setItem(row, 1, QTableWidgetItem(self.describe(conflict.base, conflict.theirs)))
            self.table.setItem(row, 2, QTableWidgetItem(self.describe(conflict.base, conflict.mine)))
            choice = QComboBox(self.table)
            choice.addItem(self.tr("theirs"), "theirs")
            choice.addItem(self.tr("mine"), "mine")
            proposal = self.proposals.get(conflict.fid)
            if proposal is not None and proposal.merged:
                choice.addItem(self.tr("merge"), "merge")
                choice.setCurrentIndex(2)
                choice.setToolTip(self.merge_text(proposal))
            elif proposal is not None:
                choice.setToolTip(self.tr("Cannot merge: %1").replace("%1", "; ".join(proposal.clashes)))
            self.table.setCellWidget(row, 3, choice)
            self.choices.append(choice)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 320)

    def describe(self, base, state) -> str:
        if state is None:
            return self.tr("deleted")
        if base is None:
            return self.tr("added")
        changed = [field_alias(k) or k for k, v in state.attributes.items() if base.attributes.get(k) != v]
        if base.geometry is not None and state.geometry is not None and not base.geometry.equals(state.geometry):
            changed.insert(0, self.tr("geometry"))
        text = "、".join(f"{name}" for name in changed) or self.tr("unchanged")
        if base.geometry is not None and state.geometry is not None and not base.geometry.equals(state.geometry):
            text += " " + self.tr("(%1 mu)").replace("%1", f"{(state.geometry.area - base.geometry.area) / (10000 / 15):+.4f}")
        return text

    def merge_text(self, proposal) -> str:
        """What the merge gives: its area change in 亩 and the 三区三线 check of the merged feature."""
        lines = [self.tr("Merged: %1 mu against the version both started from")
                 .replace("%1", f"{proposal.area_change_mu.get('merged', 0.0):+.4f}")]
        for rule, severity, area in proposal.findings:
            lines.append(self.tr("check: %1 (%2) %3 m²").replace("%1", rule).replace("%2", severity)
                         .replace("%3", f"{area:,.2f}"))
        if not proposal.findings:
            lines.append(self.tr("check: no conflict with the control lines"))
        return "\n".join(lines)

    def decisions(self) -> dict[int, str]:
        return {c.fid: box.currentData() for c, box in zip(self.conflicts, self.choices, strict=True)}
