"""The queue view: what will run next; remove, reorder, pause or resume."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QToolButton, QVBoxLayout, QWidget

from studio.runtime.controller import GenerationController
from studio.runtime.jobs import JobRole
from studio.ui.accessibility import describe, name_controls


class QueuePanel(QWidget):
    """Lists the persisted queue of the controller and edits it."""

    def __init__(self, controller: GenerationController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._title = QLabel()
        self.list_view = QListView()
        self.list_view.setModel(controller.queue)
        self.list_view.setUniformItemSizes(True)
        self.remove_button, self.up_button, self.down_button, self.pause_button = (
            QToolButton() for _ in range(4)
        )
        self.pause_button.setCheckable(True)
        self.pause_button.setChecked(controller.paused)
        self._layout()
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.pause_button.toggled.connect(controller.set_paused)
        controller.paused_changed.connect(self._on_controller_paused_changed)
        controller.queue.rowsInserted.connect(self._update_title)
        controller.queue.rowsRemoved.connect(self._update_title)
        self._retranslate()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self._title, 1)
        for button in (self.up_button, self.down_button, self.remove_button, self.pause_button):
            buttons.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(buttons)
        column.addWidget(self.list_view)

    def _retranslate(self) -> None:
        self.up_button.setText("↑")
        self.up_button.setToolTip(self.tr("Run earlier"))
        self.down_button.setText("↓")
        self.down_button.setToolTip(self.tr("Run later"))
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(self.tr("Remove from the queue"))
        name_controls(
            [
                (self.up_button, self.tr("Run earlier")),
                (self.down_button, self.tr("Run later")),
                (self.remove_button, self.tr("Remove from the queue")),
                (self.list_view, self.tr("Queue")),
            ]
        )
        describe(self.list_view, self.tr("Pictures waiting their turn, first at the top."))
        self._on_controller_paused_changed(self._controller.paused)
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _update_title(self, *_args: object) -> None:
        count = self._controller.queue.rowCount()
        self._title.setText(self.tr("Queue (%1)").replace("%1", str(count)))

    def _on_controller_paused_changed(self, paused: bool) -> None:
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(paused)
        self.pause_button.blockSignals(False)
        self.pause_button.setText("▶" if paused else "❚❚")
        text = self.tr("Resume the queue") if paused else self.tr("Pause the queue after this job")
        self.pause_button.setToolTip(text)
        self.pause_button.setAccessibleName(text)

    def _selected_job_id(self) -> str | None:
        index: QModelIndex = self.list_view.currentIndex()
        job = index.data(JobRole) if index.isValid() else None
        return job.id if job is not None else None

    def _on_remove_clicked(self) -> None:
        job_id = self._selected_job_id()
        if job_id and not self._controller.queue.remove(job_id):
            self._controller.cancel_job(job_id)  # a running job stops on its worker

    def _move(self, delta: int) -> None:
        job_id = self._selected_job_id()
        if job_id and self._controller.queue.move(job_id, delta):
            row = next(i for i, job in enumerate(self._controller.queue.jobs) if job.id == job_id)
            self.list_view.setCurrentIndex(self._controller.queue.index(row))
            self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)
