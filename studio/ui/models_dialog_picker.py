"""The model picker's items: each shows a name and its family, and carries the ref to load;
and the panel controls the picked model's family changes (FLUX: no negative prompt, flow
models: flow-matching samplers only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt

from studio.core.base.errors import StudioError
from studio.core.generation.flow import FLOW_SAMPLERS
from studio.core.generation.request import SAMPLERS
from studio.core.imagemeta.lienzo_format import public_name
from studio.core.models.source import resolve_model

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QWidget

    from studio.core.models.families import Family
    from studio.core.models.library import PickerEntry

REF_ROLE = Qt.ItemDataRole.UserRole


def _source_text(source: str) -> str:
    texts = {
        "installed": QCoreApplication.translate("ModelPicker", "downloaded"),
        "file": QCoreApplication.translate("ModelPicker", "your file"),
        "app": QCoreApplication.translate("ModelPicker", "other app"),
        "server": QCoreApplication.translate("ModelPicker", "on the server"),
    }
    return texts.get(source, "")


def demo_text() -> str:
    """What the demo model is for, on its item: new users meet it before any download."""
    return QCoreApplication.translate("ModelPicker", "draws noise, proves the app works")


def demo_tooltip() -> str:
    return QCoreApplication.translate(
        "ModelPicker",
        "The demo model is tiny and built in: it draws noise, but proves the app works "
        "without a download. For real pictures, download a model in Models…",
    )


def entry_text(entry: PickerEntry) -> str:
    """ "SD-Turbo — SD-Turbo · downloaded": name, family and where it comes from."""
    if entry.source == "demo":
        return f"demo — {demo_text()}"
    where = _source_text(entry.source)
    details = " · ".join(part for part in (entry.family, where) if part)
    return f"{entry.name} — {details}" if details else entry.name


def fill_model_combo(combo: QComboBox, entries: list[PickerEntry]) -> None:
    """Replace the picker's items, keeping the model that is chosen now."""
    current = combo_ref(combo)
    combo.blockSignals(True)
    combo.clear()
    auto = QCoreApplication.translate("ModelPicker", "automatic (best for this computer)")
    combo.addItem(auto, "")
    for entry in entries:
        combo.addItem(entry_text(entry), entry.ref)
        tip = demo_tooltip() if entry.source == "demo" else entry.ref
        combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
    select_ref(combo, current)
    combo.blockSignals(False)


def combo_ref(combo: QComboBox) -> str:
    """The model ref chosen: an item's ref, or what the user typed."""
    text = combo.currentText().strip()
    index = combo.currentIndex()
    if index < 0 or combo.itemText(index) != combo.currentText():
        # Typed, or completed from an item's text ("demo" → "demo — draws noise…"): the
        # item whose text it is, if any, still gives its ref.
        index = combo.findText(combo.currentText(), Qt.MatchFlag.MatchExactly)
    if index >= 0:
        data = combo.itemData(index, REF_ROLE)
        if isinstance(data, str):
            return data
    return text


def select_ref(combo: QComboBox, ref: str) -> None:
    """Show the item for `ref`, or the ref itself as typed text when it is not listed."""
    index = combo.findData(ref, REF_ROLE) if ref else -1
    if index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setCurrentText(ref)
    show_name_start(combo)


def show_name_start(combo: QComboBox) -> None:
    """Scroll an editable combo's text to its start: a long item ("demo — draws noise, …")
    otherwise shows only its tail, cut in the middle of the model's name."""
    if combo.lineEdit() is not None:
        combo.lineEdit().setCursorPosition(0)


def listed_ref(combo: QComboBox, name: str) -> str | None:
    """The ref of the listed model that `name` names (the ref itself, or a local file's or
    folder's name, as our PNGs store it), or None: only these are installed and usable."""
    for index in range(combo.count()):
        ref = combo.itemData(index, REF_ROLE)
        ref = ref if isinstance(ref, str) else combo.itemText(index)
        if ref and name in (ref, public_name(ref)):  # a repo id stays whole in public_name
            return ref
    return None


def family_of(model_ref: str) -> Family | None:
    """The family of the model the panel shows; None while it cannot be resolved."""
    try:
        return resolve_model(model_ref).family if model_ref else None
    except StudioError:
        return None


def adapt_to_family(
    family: Family | None, negative: tuple[QWidget, ...], sampler_combo: QComboBox
) -> None:
    """Show the negative prompt only where the family uses one; list only its samplers."""
    if family is None:
        return
    for widget in negative:
        widget.setHidden(not family.negative_prompt)
    wanted = list(FLOW_SAMPLERS if family.is_flow else SAMPLERS)
    shown = [sampler_combo.itemText(i) for i in range(sampler_combo.count())]
    if shown != wanted:
        current = sampler_combo.currentText()
        sampler_combo.clear()
        sampler_combo.addItems(wanted)
        sampler_combo.setCurrentText(current if current in wanted else family.sampler)
