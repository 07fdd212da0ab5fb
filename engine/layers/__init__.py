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
    Category,
    DType,
    LayerSpec,
    ParamSpec,
    Shape,
    all_specs,
    arity_table,
    find_spec,
    fmt_shape,
    get_spec,
    input_nodes,
    output_nodes,
    register,
    role_of,
    role_table,
    same_dtype,
)

__all__ = [
    "ANY_DTYPE",
    "REQUIRED",
    "Category",
    "DType",
    "LayerSpec",
    "ParamSpec",
    "Shape",
    "all_specs",
    "arity_table",
    "find_spec",
    "fmt_shape",
    "get_spec",
    "input_nodes",
    "output_nodes",
    "register",
    "role_of",
    "role_table",
    "same_dtype",
]
