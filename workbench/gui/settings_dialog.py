"""Settings: who is working, for which organisation, on which database and scale."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from workbench.config import Preferences
from workbench.errors import WorkbenchError
from workbench.services import checked_url


class SettingsDialog(QDialog):
    """Edits the user's preferences and picks the desk's rating scale."""

    def __init__(
        self,
        preferences: Preferences,
        scales: list[str],
        active_scale: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.reviewer = QLineEdit(preferences.reviewer)
        self.reviewer.setPlaceholderText("Your name, as the audit trail shows it")
        self.organisation = QLineEdit(preferences.organisation)
        self.organisation_url = QLineEdit(preferences.organisation_url)
        self.organisation_url.setPlaceholderText("https://…")
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(preferences.score_threshold)
        self.scale = QComboBox()
        self.scale.addItems(scales)
        self.scale.setCurrentText(active_scale)
        self.database = QLineEdit(preferences.database)
        self.database.setPlaceholderText("the default file in your data folder")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_database)
        self.error = QLabel()
        self.error.setObjectName("error")
        database_row = QHBoxLayout()
        database_row.addWidget(self.database, 1)
        database_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Reviewer name", self.reviewer)
        form.addRow("Organisation", self.organisation)
        form.addRow("Organisation web address", self.organisation_url)
        form.addRow("Rating scale of the desk", self.scale)
        form.addRow("Show claims scoring at least", self.threshold)
        form.addRow("Database (on restart)", database_row)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def preferences(self) -> Preferences:
        return Preferences(
            reviewer=self.reviewer.text().strip(),
            organisation=self.organisation.text().strip(),
            organisation_url=self.organisation_url.text().strip(),
            score_threshold=round(self.threshold.value(), 2),
            database=self.database.text().strip(),
        )

    def accept(self) -> None:
        url = self.organisation_url.text().strip()
        if url:
            try:
                checked_url(url)
            except WorkbenchError as exc:
                self.error.setText(f"Organisation web address: {exc}")
                return
        super().accept()

    def _choose_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Desk database", self.database.text(), "SQLite databases (*.db)"
        )
        if path:
            self.database.setText(path)
