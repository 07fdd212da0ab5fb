"""The layer registry. Importing this package registers every layer type."""

from engine.layers import activations, core  # noqa: F401  (registration side effects)
from engine.layers.spec import (
    REQUIRED,
    LayerSpec,
    ParamSpec,
    Shape,
    all_specs,
    arity_table,
    fmt_shape,
    get_spec,
    register,
)

__all__ = [
    "REQUIRED",
    "LayerSpec",
    "ParamSpec",
    "Shape",
    "all_specs",
    "arity_table",
    "fmt_shape",
    "get_spec",
    "register",
]
