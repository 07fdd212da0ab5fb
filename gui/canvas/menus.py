"""Right-click menus of the canvas: on a node (rename, duplicate, copy, delete, disconnect,
help for its layer), on an edge (delete, insert a layer there) and on empty canvas (paste
or add a layer at that point, select all, fit, layouts).

Menus reuse the main window's actions where one exists, so they show the same shortcuts
and stay in step with the Edit and View menus; `menu_at` builds a menu without showing it,
which is also how tests drive it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtWidgets import QApplication, QMenu, QWidget

import engine
from engine.i18n import translate
from gui.canvas.edge_item import EdgeItem
from gui.canvas.node_item import GRID, HEIGHT, WIDTH, NodeItem
from gui.canvas.view import NODES_MIME

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class CanvasMenus:
    """Builds the right-click menu for a point of one main window's canvas."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def menu_at(self, scene_pos: QPointF, parent: QWidget | None = None) -> QMenu:
        """The menu for what lies at `scene_pos`; right-clicking a node that is not
        selected selects it (as file managers and editors do)."""
        menu = QMenu(parent or self.window)
        item = self._item_at(scene_pos)
        if isinstance(item, NodeItem):
            if not item.isSelected():
                self.window.scene.select_nodes([item.node_id])
            self._node_menu(menu, item)
        elif isinstance(item, EdgeItem):
            self._edge_menu(menu, item, scene_pos)
        else:
            self._canvas_menu(menu, scene_pos)
        return menu

    def _item_at(self, scene_pos: QPointF) -> NodeItem | EdgeItem | None:
        for item in self.window.scene.items(scene_pos):
            if isinstance(item, NodeItem | EdgeItem):
                return item
            if isinstance(item.parentItem(), NodeItem):  # a port
                return item.parentItem()
        return None

    # -- the three menus ------------------------------------------------------------------
    def _node_menu(self, menu: QMenu, node: NodeItem) -> None:
        w = self.window
        ids = w.scene.selected_node_ids()
        w.rename_action.setEnabled(len(ids) == 1)
        menu.addAction(w.rename_action)
        menu.addActions([w.duplicate_action, w.copy_action, w.delete_action])
        graph = w.document.project.graph
        touching = [e for e in graph.edges if e.source in ids or e.target in ids]
        disconnect = menu.addAction(
            QCoreApplication.translate("CanvasMenus", "Dis&connect"),
            lambda: w.document.disconnect_nodes(ids),
        )
        disconnect.setEnabled(bool(touching))
        menu.addSeparator()
        menu.addAction(
            QCoreApplication.translate("CanvasMenus", "&Help: {type}").format(type=node.type_name),
            lambda: w.help.explain_node(node.node_id),
        )

    def _edge_menu(self, menu: QMenu, edge: EdgeItem, scene_pos: QPointF) -> None:
        w = self.window
        menu.addAction(
            QCoreApplication.translate("CanvasMenus", "&Delete Connection"),
            lambda: w.document.delete([], [edge.edge]),
        )
        pos = _card_at(scene_pos)
        insert = menu.addMenu(QCoreApplication.translate("CanvasMenus", "&Insert Layer Here"))
        _layer_menus(
            insert,
            lambda t: self._select(w.document.insert_on_edge(t, edge.edge, pos)),
            takes_input=True,
        )

    def _canvas_menu(self, menu: QMenu, scene_pos: QPointF) -> None:
        w = self.window
        pos = _card_at(scene_pos)
        paste = menu.addAction(
            QCoreApplication.translate("CanvasMenus", "&Paste Here"),
            lambda: w.paste(at=(scene_pos.x(), scene_pos.y())),
        )
        mime = QApplication.clipboard().mimeData()
        paste.setEnabled(mime is not None and mime.hasFormat(NODES_MIME))
        add = menu.addMenu(QCoreApplication.translate("CanvasMenus", "&Add Layer Here"))
        _layer_menus(add, lambda t: self._select(w.document.add_node(t, pos)))
        menu.addSeparator()
        menu.addActions([w.select_all_action, w.fit_action])
        menu.addSeparator()
        menu.addActions([w.layout_action, w.layout_right_action, w.layout_down_action])

    def _select(self, node_id: str | None) -> None:
        if node_id:
            self.window.scene.select_nodes([node_id])


def _card_at(scene_pos: QPointF) -> tuple[float, float]:
    """The grid position that centres a node card on `scene_pos`."""
    return (
        round((scene_pos.x() - WIDTH / 2) / GRID) * GRID,
        round((scene_pos.y() - HEIGHT / 2) / GRID) * GRID,
    )


def _layer_menus(menu: QMenu, chosen: Callable[[str], None], takes_input: bool = False) -> None:
    """One submenu per registry category, one entry per layer type (with its help)."""
    groups: dict[str, QMenu] = {}
    for spec in engine.all_specs():
        if takes_input and spec.inputs[1] == 0:
            continue
        group = groups.get(spec.category) or groups.setdefault(
            spec.category, menu.addMenu(translate("reference", spec.category))
        )
        action = group.addAction(spec.type, lambda t=spec.type: chosen(t))
        action.setToolTip(translate("reference", spec.help))
        group.setToolTipsVisible(True)
