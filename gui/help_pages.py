"""Reference pages on screen: engine.reference's Page as HTML in a QTextBrowser, plus a
pyqtgraph plot of an element-wise layer and its derivative (both computed by torch).

`PageView` shows one page; `HelpPanel` is the Help dock's content, which follows the
canvas selection and shows the selected node's page worked out for its real shapes.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from engine import reference
from engine.reference import Page

if TYPE_CHECKING:
    from gui.main_window import MainWindow

# The plot's key: math notation, the same in every language.
LEGEND = (
    "<span style='color:#4c8bf5'>━ f(x)</span> &nbsp; <span style='color:#f28e2b'>╍ f′(x)</span>"
)
REFRESH_MS = 120
PLOT_MIN_HEIGHT = 100  # the plot shares the view with the text through a splitter
MATH_STYLE = (
    "font-family: 'DejaVu Serif', 'Cambria Math', serif; font-size: 115%; white-space: pre-wrap;"
)


def _e(text: str) -> str:
    return html.escape(text)


def page_html(page: Page) -> str:
    """The page as rich text for a QTextBrowser: Unicode math, no network, no scripts."""
    h = page.headings
    parts = [
        f"<h2>{_e(page.name)} <small style='font-weight:normal'>· {_e(page.category)}</small></h2>",
        f"<p>{_e(page.summary)}</p>",
        f"<h3>{_e(h['formula'])}</h3>",
        f'<p style="{MATH_STYLE}">{_e(page.formula)}</p>',
    ]
    if page.shapes is not None or page.inputs:
        parts.append(f"<h3>{_e(h['shapes'])}</h3>")
        if page.shapes is not None:
            colour = "" if page.shapes.output is not None else " style='color:#c0392b'"
            parts.append(f"<p{colour}><b>{_e(page.shapes.text)}</b></p>")
        parts.append(f"<p>{_e(page.inputs)}")
        if page.inferred:
            parts.append(f"<br>{_e(page.inferred)}")
        parts.append("</p>")
    if page.expects:
        parts.append(f"<h3>{_e(h['expects'])}</h3><ul>")
        parts += [f"<li>{_e(line)}</li>" for line in page.expects]
        parts.append("</ul>")
    if page.params:
        parts.append(f"<h3>{_e(h['params'])}</h3>")
        parts.append(_params_table(page))
    if page.count is not None:
        parts.append(f"<h3>{_e(h['count'])}</h3>")
        parts.append(f'<p style="{MATH_STYLE}">{_e(page.count.text)}</p>')
    if page.notes:
        parts.append(f"<h3>{_e(h['notes'])}</h3><ul>")
        parts += [f"<li>{_e(line)}</li>" for line in page.notes]
        parts.append("</ul>")
    parts.append(f"<h3>{_e(h['docs'])}</h3>")
    parts.append(f"<p><a href='{_e(page.docs_url)}'>{_e(page.docs_url)}</a></p>")
    return "\n".join(parts)


def _params_table(page: Page) -> str:
    node = any(row.value is not None for row in page.params)
    columns = [c for i, c in enumerate(page.columns) if node or i != 2]
    rows = [
        "<table border='0' cellspacing='0' cellpadding='3' width='100%'><tr>"
        + "".join(f"<th align='left'>{_e(c)}</th>" for c in columns)
        + "</tr>"
    ]
    for row in page.params:
        limits = f"<br><small>{_e(row.limits)}</small>" if row.limits else ""
        cells = [f"<code>{_e(row.name)}</code>", _e(row.default)]
        if node:
            cells.append(f"<b>{_e(row.value or '')}</b>")
        cells.append(_e(row.meaning) + limits)
        rows.append("<tr>" + "".join(f"<td valign='top'>{c}</td>" for c in cells) + "</tr>")
    rows.append("</table>")
    return "".join(rows)


class PageView(QWidget):
    """One reference page: the text, and for an element-wise layer a plot of f and f'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: Page | None = None
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.plot_title = QLabel()
        self.plot = None  # a pyqtgraph PlotWidget, made when a page first needs one
        self.curves: dict[str, object] = {}
        self.figure = QWidget()  # the plot's title line and the plot
        figure = QVBoxLayout(self.figure)
        figure.setContentsMargins(0, 0, 0, 0)
        figure.addWidget(self.plot_title)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.browser)
        self.split.addWidget(self.figure)
        self.split.setChildrenCollapsible(False)
        self.figure.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)

    def show_page(self, page: Page, params: dict | None = None) -> None:
        """Show `page`; an element-wise layer's plot uses the node's `params` if given."""
        self.page = page
        scroll = self.browser.verticalScrollBar().value()
        same = self.browser.documentTitle() == page.name
        self.browser.setHtml(f"<title>{_e(page.name)}</title>" + page_html(page))
        if same:  # a node's settings changed: keep the reader's place
            self.browser.verticalScrollBar().setValue(scroll)
        if page.plot:
            self._plot(page, params)
        else:
            self.figure.hide()

    def _plot(self, page: Page, params: dict | None) -> None:
        import pyqtgraph as pg

        if self.plot is None:
            self.plot = pg.PlotWidget()
            self.plot.setMinimumHeight(PLOT_MIN_HEIGHT)
            self.plot.showGrid(x=True, y=True, alpha=0.25)
            self.plot.setMouseEnabled(x=False, y=False)
            self.plot.hideButtons()
            self.curves = {
                "f": self.plot.plot(pen=pg.mkPen("#4c8bf5", width=2)),
                "df": self.plot.plot(pen=pg.mkPen("#f28e2b", width=2, style=Qt.PenStyle.DashLine)),
            }
            self.figure.layout().addWidget(self.plot, 1)
        base = self.palette().color(QPalette.ColorRole.Base)
        self.plot.setBackground(base)
        curve = reference.activation_curve(page.name, params)
        self.curves["f"].setData(curve.x, curve.y)
        self.curves["df"].setData(curve.x, curve.dy)
        self.plot_title.setText(f"<b>{_e(page.headings['plot'])}</b>: {LEGEND}")
        if self.figure.isHidden():
            self.figure.show()
            height = self.split.height()
            self.split.setSizes([height * 3 // 5, height * 2 // 5])

    def plotted(self) -> tuple[list[float], list[float], list[float]]:
        """(x, f(x), f'(x)) as drawn, for tests and readers of the plot."""
        x, y = self.curves["f"].getData()
        _, dy = self.curves["df"].getData()
        return list(map(float, x)), list(map(float, y)), list(map(float, dy))


class HelpPanel(QWidget):
    """The Help dock: the selected node's page, for its real input shapes and settings.

    It follows the selection and the node's edits, but only while it is visible, so a
    hidden dock costs the editor nothing; after an edit it waits REFRESH_MS, so a burst of
    edits (and a large graph's shape inference) does not slow the editing."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.node_id: str | None = None
        self.hint = QLabel(self.tr("Select a layer on the canvas to see what it computes."))
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.setMargin(8)
        self.view = PageView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.view.hide()
        self.later = QTimer(self)  # edits come in bursts: work the page out once after
        self.later.setSingleShot(True)
        self.later.setInterval(REFRESH_MS)
        self.later.timeout.connect(self.refresh)
        window.scene.selectionChanged.connect(self.follow_selection)
        window.document.graphChanged.connect(self.later.start)
        window.document.projectReplaced.connect(self.follow_selection)

    def follow_selection(self) -> None:
        if not self.isVisible():  # read when shown; and a closing window's scene may be gone
            return
        ids = self.window.scene.selected_node_ids()
        self.node_id = ids[0] if len(ids) == 1 else None
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.follow_selection()

    def changeEvent(self, event: QEvent) -> None:
        """A new language: the page again, in it (once the engine has switched too)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        """Show the followed node's page now (if the dock is on screen)."""
        if not self.isVisible():
            return
        graph = self.window.document.project.graph
        if self.node_id is None or self.node_id not in graph.nodes:
            self.view.hide()
            self.hint.show()
            return
        node = graph.nodes[self.node_id]
        self.view.show_page(reference.node_page(graph, self.node_id), node.params)
        self.hint.hide()
        self.view.show()
