"""Keyboard and screen-reader helpers: spoken names, descriptions and the Tab order."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from PySide6.QtWidgets import QWidget


def name_controls(names: Iterable[tuple[QWidget, str]]) -> None:
    """Give each control the name a screen reader says (symbols like "⚄" say nothing)."""
    for widget, name in names:
        widget.setAccessibleName(name)


def describe(widget: QWidget, text: str) -> None:
    """One plain sentence, shown as the tooltip and read as the accessible description."""
    widget.setToolTip(text)
    widget.setAccessibleDescription(text)


def chain_tab_order(widgets: Iterable[QWidget]) -> None:
    """Tab visits the widgets in this order (hidden or disabled ones are skipped by Qt)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
