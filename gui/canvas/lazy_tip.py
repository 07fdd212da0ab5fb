"""Tooltips built when the pointer rests on an item, not at every change: one edit on a
1,000-node graph changes the shapes shown on hundreds of cards and edges, and building
and setting each one's tooltip then cost more than redrawing them."""

from __future__ import annotations


class LazyTooltip:
    """Mix into a QGraphicsItem that accepts hover events, before the Qt class; call
    `tip_changed()` where the text would change and define `tooltip_text()`."""

    _tip_stale = True

    def tooltip_text(self) -> str:
        raise NotImplementedError

    def tip_changed(self) -> None:
        self._tip_stale = True

    def hoverEnterEvent(self, event) -> None:
        self._refresh_tip()
        super().hoverEnterEvent(event)

    def hoverMoveEvent(self, event) -> None:
        self._refresh_tip()  # the content changed under a resting pointer (a run's health)
        super().hoverMoveEvent(event)

    def _refresh_tip(self) -> None:
        if self._tip_stale:
            self._tip_stale = False
            self.setToolTip(self.tooltip_text())
