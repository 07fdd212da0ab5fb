"""GELU and LayerNorm written out op by op, as older exporters write them, found in an ONNX
graph so that each becomes one call (TorchScript's torch.onnx.export before opset 17 has
no LayerNormalization; before opset 20 no Gelu).

GELU is found from its Erf or Tanh: the Erf's argument and what is computed around its
result are expanded as polynomials in the tensors they start from (through Add, Sub, Mul,
Div by a constant, Pow by a small integer, Neg, each value used once), and must be exactly
0.5 * x * (1 + erf(x / sqrt(2))) or its tanh approximation, whatever the order of the ops.
LayerNorm is found from its Sqrt, one op at a time. What is almost but not quite one of
them is reported at the Erf, the Sqrt (or a Pow of a tanh GELU's argument), saying what
differs: those ops have no layer of their own, so the graph stays refused, never imported
as something else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

ALGEBRA = {"Add", "Sub", "Mul", "Div", "Pow", "Neg"}
RTOL = 1e-5  # for the constants: a file stores them as float32
MAX_TERMS = 64  # a product of sums that grows past this is no GELU
GELU_ERF = "0.5 * x * (1 + erf(x / sqrt(2)))"
GELU_TANH = "0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))"
LAYER_NORM = "(x - mean(x)) / sqrt(mean((x - mean(x))^2) + eps) over the last dim"
X, T = "x", "t"  # the input and the Erf's (Tanh's) output in the polynomials

Monomial = tuple[tuple[str, int], ...]  # (value, power) pairs, sorted
Poly = dict[Monomial, float]


@dataclass(frozen=True)
class Fused:
    """One op-by-op GELU or LayerNorm: `root` is the node whose output it gives, computed
    from `x`; `covered` names the pattern's other nodes, whose work it does."""

    kind: str  # "gelu" or "layer_norm"
    root: Any
    x: str
    covered: frozenset[str]
    approximate: str = "none"
    eps: float = 0.0
    weight: str = ""  # the stored scale and shift, "" when the file has none
    bias: str = ""


@dataclass
class Patterns:
    fused: dict[str, Fused]  # by its root node's name
    covered: set[str]  # node names (roots excluded)
    misses: dict[str, str]  # node name -> why its op is not part of a GELU or LayerNorm


class _Miss(Exception):
    pass


def find_patterns(
    nodes: list[Any],
    constants: dict[str, np.ndarray],
    users: dict[str, list[Any]],
    outputs: list[str],
    shapes: dict[str, tuple[int | None, ...]],
) -> Patterns:
    """The GELUs and LayerNorms among `nodes` (the graph's computed nodes, in order)."""
    finder = _Finder(nodes, constants, users, outputs, shapes)
    found = Patterns({}, set(), {})
    for node in nodes:
        try:
            if node.op_type in ("Erf", "Tanh"):
                fused = finder.gelu(node)
            elif node.op_type == "Sqrt":
                fused = finder.layer_norm(node)
            else:
                continue
        except _Miss as miss:
            if node.op_type == "Tanh":  # a layer of its own: a Pow in its argument is not
                for name in finder.powers:
                    found.misses[name] = f"a Pow outside GELU ({GELU_TANH}): {miss}"
            else:
                form = (
                    f"GELU ({GELU_ERF})" if node.op_type == "Erf" else f"LayerNorm ({LAYER_NORM})"
                )
                article = "an" if node.op_type == "Erf" else "a"
                found.misses[node_name(node)] = f"{article} {node.op_type} outside {form}: {miss}"
            continue
        if finder.shapes.get(fused.root.output[0]) != finder.shapes.get(fused.x):
            continue  # a constant of more dims broadcast it: left to the op-by-op import
        if fused.covered & (found.covered | set(found.fused)):
            continue  # overlapping another: left to the op-by-op import
        found.fused[node_name(fused.root)] = fused
        found.covered |= fused.covered
    return found


class _Finder:
    def __init__(
        self,
        nodes: list[Any],
        constants: dict[str, np.ndarray],
        users: dict[str, list[Any]],
        outputs: list[str],
        shapes: dict[str, tuple[int | None, ...]],
    ) -> None:
        self.constants, self.users, self.outputs, self.shapes = constants, users, outputs, shapes
        self.producer = {o: node for node in nodes for o in node.output if o}
        self.powers: list[str] = []  # Pow nodes met in the last expansion

    # -- GELU ---------------------------------------------------------------------------
    def gelu(self, anchor: Any) -> Fused:
        tanh = anchor.op_type == "Tanh"
        self.powers = []
        covered: set[str] = set()
        argument = self._expand(anchor.input[0], set(), covered, top=False)
        leaves = _leaves(argument)
        if len(leaves) != 1:
            self.powers = []  # not GELU-like: a Pow there is not told about GELU
            raise _Miss(f"its argument is {_text(argument, {})}, not a function of one tensor")
        (x,) = leaves
        named = {x: X, anchor.output[0]: T}
        s = math.sqrt(2 / math.pi)
        expected_argument: Poly = (
            {((X, 1),): s, ((X, 3),): s * 0.044715} if tanh else {((X, 1),): 1 / math.sqrt(2)}
        )
        if not _equal(_rename(argument, named), expected_argument):
            want = "sqrt(2 / pi) * (x + 0.044715 * x^3)" if tanh else "x / sqrt(2)"
            raise _Miss(
                f"its argument is {_text(argument, named)}, not {want} = "
                f"{_text(expected_argument, {})}"
            )
        if x in self.constants:
            raise _Miss("its argument is a constant")
        expected = {((X, 1),): 0.5, ((T, 1), (X, 1)): 0.5}
        fn = anchor.op_type.lower() + "(...)"
        value, last = anchor.output[0], ""
        while True:
            following = self._single_user(value)
            if following is None or following.op_type not in ALGEBRA:
                break
            value = following.output[0]
            around: set[str] = set()
            poly = _rename(self._expand(value, {x, anchor.output[0]}, around, top=True), named)
            if _leaves(poly) <= {X, T}:
                last = f"'{node_name(following)}' computes {_text(poly, {}, fn)}"
            if _equal(poly, expected):
                covered |= around | {node_name(anchor)}
                root = self.producer[value]
                covered.discard(node_name(root))
                if any(self._used_outside(n, covered | {node_name(root)}) for n in covered):
                    raise _Miss("a value it computes on the way is used outside it too")
                approximate = "tanh" if tanh else "none"
                return Fused("gelu", root, x, frozenset(covered), approximate=approximate)
        if last:
            raise _Miss(f"{last}, not 0.5*x + 0.5*x*{fn}")
        if value == anchor.output[0] and following is None:
            raise _Miss("its result is used outside it too")
        raise _Miss(f"its result is not taken into 0.5*x + 0.5*x*{fn} with its argument's x")

    def _expand(self, value: str, leaves: set[str], covered: set[str], top: bool) -> Poly:
        """`value` as a polynomial in the values it is computed from: through algebra ops
        whose result is used once (`top`: this one may be used more), stopping at `leaves`,
        at constants (a scalar is a number) and at anything else."""
        if value in leaves:
            return {((value, 1),): 1.0}
        constant = self.constants.get(value)
        if constant is not None:
            if constant.size == 1 and constant.dtype.kind in "fiu":
                return {(): float(constant.reshape(()))}
            return {((value, 1),): 1.0}
        node = self.producer.get(value)
        if node is None or node.op_type not in ALGEBRA or node.domain not in ("", "ai.onnx"):
            return {((value, 1),): 1.0}
        if not top and self._single_user(value) is None:
            return {((value, 1),): 1.0}
        covered.add(node_name(node))
        if node.op_type == "Pow":
            self.powers.append(node_name(node))
        parts = [self._expand(i, leaves, covered, top=False) for i in node.input]
        if node.op_type == "Neg":
            return _scale(parts[0], -1.0)
        a, b = parts
        if node.op_type == "Add":
            return _add(a, b)
        if node.op_type == "Sub":
            return _add(a, _scale(b, -1.0))
        if node.op_type == "Mul":
            return _mul(a, b)
        if node.op_type == "Div":
            if set(b) != {()} or not b[()]:
                raise _Miss(f"'{node_name(node)}' divides by a computed tensor")
            return _scale(a, 1 / b[()])
        exponent = b.get(()) if set(b) == {()} else None
        if exponent is None or exponent != int(exponent) or not 0 <= exponent <= 4:
            raise _Miss(f"'{node_name(node)}' raises to a power other than 0 to 4")
        result: Poly = {(): 1.0}
        for _ in range(int(exponent)):
            result = _mul(result, a)
        return result

    # -- LayerNorm ----------------------------------------------------------------------
    def layer_norm(self, sqrt: Any) -> Fused:
        add = self._producer(sqrt.input[0], "Add", "its input is not a variance + eps")
        variance, eps = self._with_scalar(add, "its input is not a variance + eps")
        if eps <= 0:
            raise _Miss(f"its eps is {eps:g}, not above 0")
        mean_of_squares = self._producer(variance, "ReduceMean", "its input is not a mean + eps")
        square = self._producer(
            self._last_dim_mean(mean_of_squares),
            ("Pow", "Mul"),
            "the variance is not a mean of squares",
        )
        if square.op_type == "Pow":
            centred, exponent = square.input[0], self._scalar(square.input[1])
            if exponent != 2:
                raise _Miss(f"'{node_name(square)}' raises to {exponent}, not 2")
        elif square.input[0] == square.input[1]:
            centred = square.input[0]
        else:
            raise _Miss(f"'{node_name(square)}' is not a square")
        sub = self._producer(centred, "Sub", "the variance is not of x - mean(x)")
        x, mean = sub.input
        mean_node = self._producer(mean, "ReduceMean", "the variance is not of x - mean(x)")
        if self._last_dim_mean(mean_node) != x or x in self.constants:
            raise _Miss("the variance is not of x - mean(x)")
        div = self._single_user(sqrt.output[0])
        if div is None or div.op_type != "Div" or div.input[1] != sqrt.output[0]:
            raise _Miss("x - mean(x) is not divided by its result")
        nodes = [mean_node, sub, square, mean_of_squares, add, sqrt]
        numerator = self.producer.get(div.input[0])
        scale = ""  # weight * (x - mean(x)) / sqrt(...): the scale taken first
        width = (self.shapes.get(div.output[0]) or (None,))[-1]
        if numerator is not None and numerator.op_type == "Mul":
            scaled = [i for i in numerator.input if i not in self.constants]
            scale = self._per_feature(numerator, scaled[0], width) if len(scaled) == 1 else ""
            if scale:
                nodes.append(numerator)
                numerator = self.producer.get(scaled[0])
        if numerator is None or (numerator.op_type, list(numerator.input)) != ("Sub", [x, mean]):
            raise _Miss(f"'{node_name(div)}' does not divide x - mean(x) by it")
        nodes.append(numerator)
        weight, bias, after = self._affine(div, scale)
        root = after[-1]
        covered = {node_name(n) for n in [*nodes, *after[:-1]]}
        for name in covered:
            if self._used_outside(name, covered | {node_name(root)}):
                raise _Miss(f"the value of '{name}' is used outside it too")
        return Fused("layer_norm", root, x, frozenset(covered), eps=eps, weight=weight, bias=bias)

    def _affine(self, div: Any, weight: str) -> tuple[str, str, list[Any]]:
        """A stored scale (unless `weight` was taken before) and shift of the last dim
        after it (each optional), and the nodes from the Div to the last of them."""
        bias = ""
        chain = [div]
        root = div
        width = (self.shapes.get(div.output[0]) or (None,))[-1]
        following = self._single_user(div.output[0])
        if following is not None and following.op_type == "Mul" and not weight:
            weight = self._per_feature(following, div.output[0], width)
            if weight:
                root = following
                chain.append(root)
        following = self._single_user(root.output[0])
        if following is not None and following.op_type == "Add":
            bias = self._per_feature(following, root.output[0], width)
            if bias:
                chain.append(following)
        return weight, bias, chain

    def _per_feature(self, node: Any, value: str, width: int | None) -> str:
        other = [i for i in node.input if i != value]
        if len(other) != 1 or other[0] not in self.constants:
            return ""
        stored = self.constants[other[0]]
        if width is None or stored.dtype.kind != "f" or stored.shape[-1:] != (width,):
            return ""
        rank = len(self.shapes.get(value) or ())
        return other[0] if stored.size == width and stored.ndim <= rank else ""

    def _last_dim_mean(self, node: Any) -> str:
        """The input of a ReduceMean over the last dim keeping it."""
        attributes = {a.name: a for a in node.attribute}
        if "axes" in attributes:
            axes = list(attributes["axes"].ints)
        elif len(node.input) > 1 and node.input[1] in self.constants:
            axes = [int(v) for v in np.atleast_1d(self.constants[node.input[1]])]
        else:
            axes = []
        keep = attributes["keepdims"].i if "keepdims" in attributes else 1
        rank = len(self.shapes.get(node.input[0]) or ())
        if not rank or [a % rank for a in axes] != [rank - 1] or not keep:
            raise _Miss(f"'{node_name(node)}' is not a mean over the last dim")
        return str(node.input[0])

    def _with_scalar(self, node: Any, why: str) -> tuple[str, float]:
        first, second = node.input
        if second in self.constants and first not in self.constants:
            return first, self._scalar(second)
        if first in self.constants and second not in self.constants:
            return second, self._scalar(first)
        raise _Miss(why)

    def _scalar(self, name: str) -> float:
        value = self.constants.get(name)
        if value is None or value.size != 1:
            raise _Miss(f"'{name}' is not a constant number")
        return float(value.reshape(()))

    # -- the graph ----------------------------------------------------------------------
    def _producer(self, value: str, ops: str | tuple[str, ...], why: str) -> Any:
        node = self.producer.get(value)
        if node is None or node.op_type not in ((ops,) if isinstance(ops, str) else ops):
            raise _Miss(why)
        return node

    def _single_user(self, value: str) -> Any:
        """The one node using `value` (None if it is used by more, or is an output)."""
        users = {id(u): u for u in self.users.get(value, [])}
        if len(users) != 1 or value in self.outputs:
            return None
        return next(iter(users.values()))

    def _used_outside(self, name: str, inside: set[str]) -> bool:
        node = next((n for n in self.producer.values() if node_name(n) == name), None)
        if node is None:
            return False
        for out in node.output:
            if out in self.outputs or any(
                node_name(u) not in inside for u in self.users.get(out, [])
            ):
                return True
        return False


def node_name(node: Any) -> str:
    return str(node.name or node.output[0])


def _add(a: Poly, b: Poly) -> Poly:
    out = dict(a)
    for term, c in b.items():
        out[term] = out.get(term, 0.0) + c
    return {term: c for term, c in out.items() if c}


def _scale(a: Poly, k: float) -> Poly:
    return {term: c * k for term, c in a.items() if c * k}


def _mul(a: Poly, b: Poly) -> Poly:
    out: Poly = {}
    for ta, ca in a.items():
        for tb, cb in b.items():
            powers: dict[str, int] = {}
            for name, p in (*ta, *tb):
                powers[name] = powers.get(name, 0) + p
            term = tuple(sorted(powers.items()))
            out[term] = out.get(term, 0.0) + ca * cb
    if len(out) > MAX_TERMS:
        raise _Miss("its expression grows past any GELU")
    return {term: c for term, c in out.items() if c}


def _leaves(poly: Poly) -> set[str]:
    return {name for term in poly for name, _ in term}


def _rename(poly: Poly, names: dict[str, str]) -> Poly:
    return {tuple(sorted((names.get(n, n), p) for n, p in term)): c for term, c in poly.items()}


def _equal(a: Poly, b: Poly) -> bool:
    return set(a) == set(b) and all(math.isclose(a[t], b[t], rel_tol=RTOL) for t in a)


def _text(poly: Poly, names: dict[str, str], t: str = "t") -> str:
    """0.4*x + 0.4*x*erf(...): a polynomial for a message (other values quoted)."""
    shown = {X: "x", T: t}

    def factor(name: str, power: int) -> str:
        text = shown.get(names.get(name, name), f"'{name}'")
        return text if power == 1 else f"{text}^{power}"

    terms = []
    for term, c in sorted(poly.items(), key=lambda item: sum(p for _, p in item[0])):
        factors = [factor(n, p) for n, p in sorted(term, key=lambda f: (f[0] != X, f[0]))]
        number = f"{c:.6g}"
        terms.append("*".join(factors if number == "1" and factors else [number, *factors]))
    return " + ".join(terms).replace("+ -", "- ") or "0"
