"""A property editor for every ParamSpec of every registered layer (the real widget
factory): it shows the value a node holds, and a value typed or picked as a user would
reaches the graph in the spec's canonical form. A new param kind without an editor fails.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from layer_harness import param_values
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine import ParamError, ParamSpec, all_specs
from gui.panels.param_editors import (
    BoolEditor,
    ChoiceEditor,
    IntEditor,
    ParamEditor,
    TextEditor,
    TupleEditor,
    make_editor,
)

PARAMS = [(spec.type, param) for spec in all_specs() for param in spec.params]


def valid(param: ParamSpec) -> st.SearchStrategy[Any]:
    """Values the spec accepts, in its canonical form."""

    def check(value: Any) -> Any:
        try:
            return param.validate(value)
        except ParamError:
            return ParamError

    return param_values(param).map(check).filter(lambda v: v is not ParamError)


def same(param: ParamSpec, a: Any, b: Any) -> bool:
    """Equal, counting 3 and [3, 3] as one size for a fixed-length ints param, and 0
    and [0] as one dim for a free-length one."""
    if param.kind in ("ints", "floats") and not isinstance(a, str) and not isinstance(b, str):
        n = param.length or 1
        a = a if isinstance(a, list) else [a] * n
        b = b if isinstance(b, list) else [b] * n
    return a == b and type(a) is type(b)


def shown(editor: ParamEditor) -> Any:
    """The value the widget shows, read as a user reads it."""
    if isinstance(editor, IntEditor):
        return editor.box.value()
    if isinstance(editor, BoolEditor):
        return editor.box.isChecked()
    if isinstance(editor, ChoiceEditor):
        return editor.box.currentData()
    if isinstance(editor, TupleEditor):
        return editor._value()
    assert isinstance(editor, TextEditor)
    text = editor.edit.text()
    return None if text == "" and editor.spec.nullable else _parse_back(editor.spec, text)


def _parse_back(param: ParamSpec, text: str) -> Any:
    from gui.panels.param_editors import _parse

    return param.validate(_parse(param, text))


def enter(editor: ParamEditor, value: Any) -> None:
    """Type or pick `value` in the widget."""
    if isinstance(editor, IntEditor):
        editor.box.setValue(value)
    elif isinstance(editor, BoolEditor):
        if editor.box.isChecked() != value:
            editor.box.click()
    elif isinstance(editor, ChoiceEditor):
        editor.box.setCurrentIndex(editor.box.findData(value))
    elif isinstance(editor, TupleEditor):
        if isinstance(value, str):
            assert editor.mode is not None
            editor.mode.setCurrentIndex(editor.spec.choices.index(value) + 1)
            return
        if editor.mode is not None:
            editor.mode.setCurrentIndex(0)
        values = value if isinstance(value, list) else [value] * len(editor.boxes)
        for box, v in zip(editor.boxes, values, strict=True):
            box.setValue(v)
    else:
        assert isinstance(editor, TextEditor)
        editor.edit.clear()
        QTest.keyClicks(editor.edit, _typed(value))
        QTest.keyClick(editor.edit, Qt.Key.Key_Return)


def _typed(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_typed(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


@pytest.mark.parametrize(("layer", "param"), PARAMS, ids=[f"{t}.{p.name}" for t, p in PARAMS])
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_param_has_an_editor_that_shows_and_commits_its_values(
    qtbot, layer: str, param: ParamSpec, data: st.DataObject
) -> None:
    editor = make_editor(param)
    qtbot.addWidget(editor)
    start = param.initial_value if param.initial_value is not None or param.nullable else None
    if start is not None or param.nullable:
        editor.set_value(start)
        assert same(param, shown(editor), start), f"{layer}.{param.name} shows {shown(editor)}"
    value = data.draw(valid(param), label="value")
    editor.set_value(value)
    assert same(param, shown(editor), value), f"shows {shown(editor)!r}"
    committed: list[Any] = []
    editor.committed.connect(committed.append)
    other = data.draw(valid(param), label="typed")
    enter(editor, other)
    result = committed[-1] if committed else shown(editor)
    assert same(param, result, other), f"typed {other!r}, the graph got {result!r}"
    assert editor.hint.isHidden()
