"""Hypothesis over GELUs written op by op (erf or tanh; Div by sqrt(2) or Mul by its
inverse; x^3 as Pow or two Muls; the factors multiplied in any order, each operand on
either side), with each constant exact or off by a little: a file imports as one GELU
layer when its constants are GELU's, and otherwise is never a GELU and never a wrong
import (an Erf or Pow is refused saying what differs; Muls and a Tanh import as they are,
checked against onnxruntime)."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from engine.importers import ImportFailed
from engine.importers.onnx_import import import_onnx

EXACT = {
    "half": 0.5,
    "one": 1.0,
    "root2": math.sqrt(2),
    "cubic": 0.044715,
    "slope": math.sqrt(2 / math.pi),
}


@st.composite
def gelus(draw: Any) -> dict[str, Any]:
    constants = dict(EXACT)
    if draw(st.booleans()):  # half of them off somewhere, by a little or by more
        for name in draw(st.lists(st.sampled_from(sorted(EXACT)), min_size=1, unique=True)):
            constants[name] *= 1 + draw(st.sampled_from([1e-3, -1e-3, 0.2]))
    return {
        "tanh": draw(st.booleans()),
        "constants": constants,
        "divide": draw(st.booleans()),  # x / sqrt(2), else x * (1 / sqrt(2))
        "power": draw(st.booleans()),  # Pow(x, 3), else x * (x * x)
        "order": draw(st.sampled_from(["x*a*h", "x*h*a", "h*a*x"])),
        "swaps": draw(st.lists(st.booleans(), min_size=8, max_size=8)),
    }


def _build(case: dict[str, Any], path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    c = case["constants"]
    swaps = iter(case["swaps"])
    nodes: list[Any] = []
    stored: dict[str, float] = {}

    def op(kind: str, a: str, b: str) -> str:
        out = f"v{len(nodes)}"
        pair = [b, a] if kind in ("Add", "Mul") and next(swaps) else [a, b]
        nodes.append(helper.make_node(kind, pair, [out], name=f"{kind.lower()}{len(nodes)}"))
        return out

    def const(name: str, value: float) -> str:
        stored[name] = value
        return name

    if case["tanh"]:
        if case["power"]:
            cube = op("Pow", "x", const("three", 3.0))
        else:
            cube = op("Mul", "x", op("Mul", "x", "x"))
        inner = op("Add", "x", op("Mul", const("cubic", c["cubic"]), cube))
        argument = op("Mul", const("slope", c["slope"]), inner)
    elif case["divide"]:
        argument = op("Div", "x", const("root2", c["root2"]))
    else:
        argument = op("Mul", "x", const("inverse", 1 / c["root2"]))
    kind = "Tanh" if case["tanh"] else "Erf"
    nodes.append(helper.make_node(kind, [argument], ["t"], name=kind.lower()))
    added = op("Add", "t", const("one", c["one"]))
    half = const("half", c["half"])
    first, second, third = {
        "x*a*h": ("x", added, half),
        "x*h*a": ("x", half, added),
        "h*a*x": (half, added, "x"),
    }[case["order"]]
    last = op("Mul", op("Mul", first, second), third)
    nodes.append(helper.make_node("Identity", [last], ["y"], name="out"))
    graph = helper.make_graph(
        nodes,
        "gelu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 5])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 5])],
        [helper.make_tensor(n, TensorProto.FLOAT, [], [v]) for n, v in stored.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))


OFF_TANH = {  # a tanh GELU with 0.05 for 0.044715 and x^3 as two Muls: elementwise layers
    "tanh": True,
    "constants": {**EXACT, "cubic": 0.05},
    "divide": True,
    "power": False,
    "order": "h*a*x",
    "swaps": [True, False] * 4,
}


@settings(max_examples=60, deadline=None)
@given(case=gelus())
@example(case=OFF_TANH)
def test_a_written_out_gelu_imports_as_one_exactly_when_it_is_one(case: dict[str, Any]) -> None:
    exact = all(
        math.isclose(case["constants"][n], v)
        for n, v in EXACT.items()
        if n in (("half", "one", "cubic", "slope") if case["tanh"] else ("half", "one", "root2"))
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.onnx"
        _build(case, path)
        try:
            result = import_onnx(path)
        except ImportFailed as err:
            assert not exact, str(err)
            kind = "a Pow" if case["tanh"] else "an Erf"
            assert f"{kind} outside GELU (0.5 * x * (1 + " in str(err)
            event("refused")
            return
    types = [node.type for node in result.graph.nodes.values()]
    assert result.max_abs_diff <= 1e-5  # never a wrong import
    if exact:
        assert types == ["Input", "GELU", "Output"]
        (gelu,) = [n.params for n in result.graph.nodes.values() if n.type == "GELU"]
        assert gelu == ({"approximate": "tanh"} if case["tanh"] else {})
        event("GELU")
    else:
        assert case["tanh"] and not case["power"] and "GELU" not in types
        event("tanh and arithmetic")
