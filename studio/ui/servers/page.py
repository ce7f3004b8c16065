"""The "Generate on" page: the servers the user added (name, address, kind), Add / Test /
Remove, and where jobs run. Talking to a server happens off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.backends.base import ServerError
from studio.core.backends.server_types import KIND_NAMES, Credentials, ServerEntry, ServerInfo
from studio.core.backends.servers import ServerList, insecure_warning, probe
from studio.core.base.errors import tr as bilingual
from studio.runtime.model_tasks import ModelTaskRunner, simple_work
from studio.runtime.pool import LOCAL
from studio.runtime.targets import ALL
from studio.ui.accessibility import name_controls

if TYPE_CHECKING:
    from studio.core.base.paths import AppPaths


class ServersPage(QWidget):
    """Lists, adds, tests and removes servers; `run_on()` is the choice of where jobs run."""

    def __init__(self, paths: AppPaths, run_on: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._runner = ModelTaskRunner(self)
        self._warned: set[str] = set()  # addresses whose http:// warning was shown
        self.changed = False  # a server was added or removed
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumWidth(520)
        self.url_edit, self.user_edit, self.secret_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button, self.test_button, self.remove_button = (QPushButton() for _ in "abc")
        self.run_on_combo = QComboBox()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self._layout()
        self.add_button.clicked.connect(self._on_add_clicked)
        self.test_button.clicked.connect(self._on_test_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        for edit in (self.url_edit, self.user_edit, self.secret_edit):
            edit.installEventFilter(self)  # Return adds the server, not the dialog's OK
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._retranslate()
        self._reload(run_on)

    def _layout(self) -> None:
        self._labels = [QLabel() for _ in range(4)]  # run on, address, user, password
        add_form = QFormLayout()
        edits = (self.url_edit, self.user_edit, self.secret_edit)
        for label, edit in zip(self._labels[1:], edits, strict=True):
            add_form.addRow(label, edit)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        add_form.addRow(add_row)
        self.add_box = QGroupBox()
        self.add_box.setLayout(add_form)
        buttons = QHBoxLayout()
        for button in (self.test_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        run_on_form = QFormLayout()
        run_on_form.addRow(self._labels[0], self.run_on_combo)
        column = QVBoxLayout(self)
        column.addLayout(run_on_form)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        column.addWidget(self.add_box)
        column.addWidget(self.status)

    def _retranslate(self) -> None:
        self.table.setHeaderLabels([self.tr("Name"), self.tr("Address"), self.tr("Kind")])
        self.url_edit.setPlaceholderText("http://gpu-box:8188")
        self.add_box.setTitle(self.tr("Add a server"))
        self.user_edit.setPlaceholderText(self.tr("optional"))
        self.secret_edit.setPlaceholderText(self.tr("optional: a password, or a token alone"))
        texts = [
            self.tr("Run jobs on"),
            self.tr("Address"),
            self.tr("User"),
            self.tr("Password or token"),
        ]
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.add_button.setText(self.tr("Add"))
        self.test_button.setText(self.tr("Test"))
        self.remove_button.setText(self.tr("Remove"))
        name_controls(
            [
                (self.table, self.tr("Servers")),
                (self.url_edit, self.tr("Address")),
                (self.user_edit, self.tr("User")),
                (self.secret_edit, self.tr("Password or token")),
                (self.run_on_combo, self.tr("Run jobs on")),
            ]
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        pressed = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if pressed and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[attr-defined]
            self._on_add_clicked()
            return True
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._reload(self.run_on())
        super().changeEvent(event)

    # -- what the dialog reads -------------------------------------------------------------------
    def run_on(self) -> str:
        """ "local", "all" or a server's name."""
        return str(self.run_on_combo.currentData() or LOCAL)

    def shutdown(self) -> None:
        """Wait for a server still being contacted (the dialog is closing)."""
        self._runner.shutdown()

    # -- the list ----------------------------------------------------------------------------
    def _reload(self, run_on: str) -> None:
        servers = ServerList(self._paths)
        entries = servers.entries()
        if servers.notice is not None:
            self._show(str(servers.notice))
        self.table.clear()
        for entry in entries:
            item = QTreeWidgetItem([entry.name, entry.url, KIND_NAMES.get(entry.kind, "?")])
            item.setData(0, Qt.ItemDataRole.UserRole, entry)
            self.table.addTopLevelItem(item)
        for column in range(3):
            self.table.resizeColumnToContents(column)
        combo = self.run_on_combo
        combo.clear()
        combo.addItem(self.tr("This computer"), LOCAL)
        for entry in entries:
            combo.addItem(entry.name, entry.name)
        if entries:
            combo.addItem(self.tr("All (this computer and every server)"), ALL)
        combo.setCurrentIndex(max(0, combo.findData(run_on)))
        self._update_buttons()

    def _selected(self) -> ServerEntry | None:
        items = self.table.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def _update_buttons(self, busy: bool = False) -> None:
        chosen = self._selected() is not None
        self.add_button.setEnabled(not busy)
        self.test_button.setEnabled(chosen and not busy)
        self.remove_button.setEnabled(chosen and not busy)

    def _show(self, text: str) -> None:
        self.status.setText(text)

    # -- add ---------------------------------------------------------------------------------
    def _on_add_clicked(self) -> None:
        url = self.url_edit.text().strip()
        if not self.add_button.isEnabled():  # a server is being contacted
            return
        if not url:
            self._show(self.tr("Type the server's address, like http://gpu-box:8188."))
            return
        try:
            warning = insecure_warning(url)
        except ServerError as exc:  # not an address
            self._show(str(exc))
            return
        if warning is not None and url not in self._warned:
            self._warned.add(url)
            self._show(bilingual(*warning) + " " + self.tr("Press Add again to add it anyway."))
            return
        credentials = self._credentials()
        self._show(self.tr("Connecting to %1…").replace("%1", url))
        self._start(_add_work(self._paths, url, credentials), self._on_added)

    def _credentials(self) -> Credentials | None:
        user, secret = self.user_edit.text().strip(), self.secret_edit.text()
        return Credentials(user, secret) if user or secret else None

    def _on_added(self, result: tuple[ServerEntry, tuple[str, str] | None]) -> None:
        entry, notice = result
        self.changed = True
        self.url_edit.clear()
        self.user_edit.clear()
        self.secret_edit.clear()
        self._reload(self.run_on())
        self.table.setCurrentItem(self.table.topLevelItem(self.table.topLevelItemCount() - 1))
        kind = KIND_NAMES.get(entry.kind, "?")
        text = self.tr("Added %1 (%2).").replace("%1", entry.name).replace("%2", kind)
        self._show(text + (" " + bilingual(*notice) if notice else ""))

    # -- test and remove -----------------------------------------------------------------------
    def _on_test_clicked(self) -> None:
        entry = self._selected()
        if entry is not None:
            self._show(self.tr("Connecting to %1…").replace("%1", entry.name))
            self._start(_test_work(self._paths, entry), self._on_tested)

    def _on_tested(self, info: ServerInfo) -> None:
        self._show(self.describe(info))

    def describe(self, info: ServerInfo) -> str:
        """What Test shows: kind and version, GPU, VRAM (when the server says), how many
        models (the first few named) and LoRAs."""
        parts = [f"{KIND_NAMES.get(info.kind, '?')} {info.version}".strip()]
        if info.gpu:
            parts.append(self.tr("GPU: %1").replace("%1", info.gpu))
        if info.vram_bytes:
            parts.append(self.tr("VRAM: %1 GB").replace("%1", f"{info.vram_bytes / 2**30:.1f}"))
        names = ", ".join(info.checkpoints[:3]) + ("…" if len(info.checkpoints) > 3 else "")
        models = self.tr("models: %1").replace("%1", str(len(info.checkpoints)))
        parts.append(f"{models} ({names})" if names else models)
        parts.append(self.tr("LoRAs: %1").replace("%1", str(len(info.loras))))
        return " · ".join(parts)

    def _on_remove_clicked(self) -> None:
        entry = self._selected()
        if entry is not None:  # forgetting its password may wait for a locked keyring
            self._start(_remove_work(self._paths, entry.name), self._on_removed)

    def _on_removed(self, name: str) -> None:
        self.changed = True
        self._reload(self.run_on())
        self._show(self.tr("Removed %1.").replace("%1", name))

    def _start(self, work: Callable[[], object], done: Callable[[Any], None]) -> None:
        self._update_buttons(busy=True)
        task = self._runner.start("server", simple_work(work))
        task.succeeded.connect(done)
        task.succeeded.connect(lambda _: self._update_buttons())
        task.failed.connect(self._on_task_failed)

    def _on_task_failed(self, message: str) -> None:
        self._show(message)  # nothing was saved: the list is as it was
        self._update_buttons()


def _add_work(
    paths: AppPaths, url: str, credentials: Credentials | None
) -> Callable[[], tuple[ServerEntry, tuple[str, str] | None]]:
    def work() -> tuple[ServerEntry, tuple[str, str] | None]:
        servers = ServerList(paths)
        entry = servers.add(url, credentials=credentials)
        return entry, servers.credentials_notice

    return work


def _remove_work(paths: AppPaths, name: str) -> Callable[[], str]:
    def work() -> str:
        ServerList(paths).remove(name)
        return name

    return work


def _test_work(paths: AppPaths, entry: ServerEntry) -> Callable[[], ServerInfo]:
    def work() -> ServerInfo:
        return probe(entry.url, ServerList(paths).credentials(entry))

    return work
