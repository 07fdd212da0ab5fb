"""The layer registry. Importing this package registers every layer type."""

# Importing the declaration modules registers their layers.
from engine.layers import (  # noqa: F401
    activations,
    conv,
    core,
    norm,
    ops,
    pooling,
    sequence,
)
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
