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
    ANY_DTYPE,
    REQUIRED,
    DType,
    LayerSpec,
    ParamSpec,
    Shape,
    all_specs,
    arity_table,
    fmt_shape,
    get_spec,
    register,
    role_table,
    same_dtype,
)

__all__ = [
    "ANY_DTYPE",
    "REQUIRED",
    "DType",
    "LayerSpec",
    "ParamSpec",
    "Shape",
    "all_specs",
    "arity_table",
    "fmt_shape",
    "get_spec",
    "register",
    "role_table",
    "same_dtype",
]
