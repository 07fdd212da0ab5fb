"""Sequence layers, batch-first, on (L, features) samples: embeddings, recurrent layers,
self-attention and transformer blocks.
"""

from __future__ import annotations

from typing import Any

from engine.errors import ShapeError
from engine.layers.core import broadcast
from engine.layers.spec import (
    MODULES,
    TORCH_DOCS,
    Category,
    LayerSpec,
    ParamSpec,
    Shape,
    expect_rank,
    fmt_shape,
    register,
)

SEQUENCE = "(L, features)"


def _embedding_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    pad, size = p["padding_idx"], p["num_embeddings"]
    if pad is not None and not -size <= pad < size:
        raise ShapeError(f"padding_idx {pad} is outside the vocabulary 0..{size - 1}")
    return (*shapes[0], p["embedding_dim"])


register(
    LayerSpec(
        "Embedding",
        Category.EMBEDDING,
        infer=_embedding_infer,
        params=(
            ParamSpec(
                "num_embeddings", "int", help="Vocabulary size (ids 0..n-1)", min=1, initial=128
            ),
            ParamSpec("embedding_dim", "int", help="Vector size per id", min=1, initial=64),
            ParamSpec("padding_idx", "int", None, "An id whose vector stays zero", nullable=True),
            ParamSpec(
                "max_norm",
                "float",
                None,
                "Renormalise vectors longer than this",
                min=0,
                nullable=True,
            ),
            ParamSpec("scale_grad_by_freq", "bool", False, "Scale gradients by id frequency"),
        ),
        formula="y = W[x],  the row of W: num_embeddings × embedding_dim for each id x",
        count_formula="{num_embeddings} × {embedding_dim}",
        help="Looks up a learned vector for each integer id (int64 input).",
        accepts=("int64",),
        count=lambda s, p: p["num_embeddings"] * p["embedding_dim"],
        label=lambda p: f"{p['num_embeddings']} -> {p['embedding_dim']}",
    )
)


GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}
BATCH_FIRST = "batch_first=False (LayerLab sequences are batch-first: (batch, L, features))"


def _read_recurrent(module: Any) -> dict[str, Any]:
    """torch's nn.LSTM/GRU/RNN as a LayerLab layer returning every step (the importer
    turns h_n reads into selections of those steps)."""
    if not module.batch_first:
        raise ValueError(BATCH_FIRST)
    if getattr(module, "proj_size", 0):
        raise ValueError(f"proj_size={module.proj_size} (projected LSTM)")
    params = {
        "hidden_size": module.hidden_size,
        "num_layers": module.num_layers,
        "bias": module.bias,
        "dropout": float(module.dropout),
        "bidirectional": module.bidirectional,
        "return_sequences": getattr(module, "return_sequences", True),
    }
    if module.mode == "RNN_RELU":
        params["nonlinearity"] = "relu"
    return params


def _recurrent(name: str, help: str, formula: str, count_formula: str) -> None:
    gates = GATES[name]

    def infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
        expect_rank(shapes[0], [2], SEQUENCE)
        width = p["hidden_size"] * (2 if p["bidirectional"] else 1)
        return (shapes[0][0], width) if p["return_sequences"] else (width,)

    def count(shapes: list[Shape], p: dict[str, Any]) -> int:
        hidden, directions = p["hidden_size"], 2 if p["bidirectional"] else 1
        total, width = 0, shapes[0][-1]
        for _ in range(p["num_layers"]):
            per_direction = gates * hidden * (width + hidden) + (2 * gates * hidden) * p["bias"]
            total += per_direction * directions
            width = hidden * directions
        return total

    extra = (
        (ParamSpec("nonlinearity", "choice", "tanh", "Cell activation", choices=("tanh", "relu")),)
        if name == "RNN"
        else ()
    )
    register(
        LayerSpec(
            name,
            Category.RECURRENT,
            infer=infer,
            module=MODULES + name,
            params=(
                ParamSpec(
                    "hidden_size", "int", help="Features of the hidden state", min=1, initial=64
                ),
                ParamSpec("num_layers", "int", 1, "Stacked layers", min=1),
                *extra,
                ParamSpec("bias", "bool", True, "Learn biases"),
                ParamSpec("dropout", "float", 0.0, "Dropout between stacked layers", min=0, max=1),
                ParamSpec("bidirectional", "bool", False, "Also read the sequence backwards"),
                ParamSpec(
                    "return_sequences",
                    "bool",
                    False,
                    "Output every step (L, hidden) instead of the last (hidden,)",
                ),
            ),
            inferred={"input_size": lambda s: s[0][-1]},
            imports=(f"torch.nn.{name}",),
            read=_read_recurrent,
            help=help,
            formula=formula,
            count_formula=count_formula,
            count=count,
            label=lambda p: f"{p['hidden_size']}{', seq' if p['return_sequences'] else ''}",
        )
    )


_recurrent(
    "LSTM",
    "Long short-term memory over (L, features) sequences.",
    "i, f, g, o = σ, σ, tanh, σ of (W·xₜ + U·hₜ₋₁ + b);  cₜ = f ⊙ cₜ₋₁ + i ⊙ g;  hₜ = o ⊙ tanh(cₜ)",
    "(1 + {bidirectional}) × (4 × {hidden_size} × ({input_size} + {hidden_size}) "
    "+ 8 × {hidden_size} × {bias}) + ({num_layers} − 1) × (1 + {bidirectional}) × "
    "(4 × {hidden_size} × ((1 + {bidirectional}) × {hidden_size} + {hidden_size}) "
    "+ 8 × {hidden_size} × {bias})",
)
_recurrent(
    "GRU",
    "Gated recurrent unit: a lighter LSTM.",
    "r, z = σ(W·xₜ + U·hₜ₋₁ + b);  n = tanh(W_n·xₜ + r ⊙ (U_n·hₜ₋₁ + b_n));  "
    "hₜ = (1 − z) ⊙ n + z ⊙ hₜ₋₁",
    "(1 + {bidirectional}) × (3 × {hidden_size} × ({input_size} + {hidden_size}) "
    "+ 6 × {hidden_size} × {bias}) + ({num_layers} − 1) × (1 + {bidirectional}) × "
    "(3 × {hidden_size} × ((1 + {bidirectional}) × {hidden_size} + {hidden_size}) "
    "+ 6 × {hidden_size} × {bias})",
)
_recurrent(
    "RNN",
    "Plain (Elman) recurrent layer.",
    "hₜ = tanh(W·xₜ + U·hₜ₋₁ + b)  (or relu, by nonlinearity)",
    "(1 + {bidirectional}) × ({hidden_size} × ({input_size} + {hidden_size}) "
    "+ 2 × {hidden_size} × {bias}) + ({num_layers} − 1) × (1 + {bidirectional}) × "
    "({hidden_size} × ((1 + {bidirectional}) × {hidden_size} + {hidden_size}) "
    "+ 2 × {hidden_size} × {bias})",
)


def _heads_divide(shapes: list[Shape], width_name: str, heads: int) -> Shape:
    expect_rank(shapes[0], [2], SEQUENCE)
    width = shapes[0][-1]
    if width % heads:
        raise ShapeError(
            f"{width_name} {width} (the input features) is not divisible by {heads} heads", 0
        )
    return shapes[0]


def _read_attention(module: Any) -> dict[str, Any]:
    """nn.MultiheadAttention used for self-attention (the importer sets `causal` from the
    call's mask)."""
    if not module.batch_first:
        raise ValueError(BATCH_FIRST)
    if module.bias_k is not None:
        raise ValueError("add_bias_kv=True")
    if module.add_zero_attn:
        raise ValueError("add_zero_attn=True")
    if not module._qkv_same_embed_dim:
        raise ValueError(f"kdim={module.kdim}, vdim={module.vdim} (cross-attention sizes)")
    return {
        "num_heads": module.num_heads,
        "dropout": float(module.dropout),
        "bias": module.in_proj_bias is not None,
        "causal": getattr(module, "causal", False),
    }


def _read_block(module: Any) -> dict[str, Any]:
    """nn.TransformerEncoderLayer's settings live on its submodules."""
    if not module.self_attn.batch_first:
        raise ValueError(BATCH_FIRST)
    activation = module.activation
    name = getattr(activation, "__name__", type(activation).__name__).lower()
    if name not in ("relu", "gelu") or getattr(activation, "approximate", "none") != "none":
        raise ValueError(f"activation={activation!r} (LayerLab blocks take relu or gelu)")
    return {
        "nhead": module.self_attn.num_heads,
        "dim_feedforward": module.linear1.out_features,
        "dropout": float(module.dropout.p),
        "activation": name,
        "layer_norm_eps": float(module.norm1.eps),
        "norm_first": module.norm_first,
        "bias": module.linear1.bias is not None,
    }


def _attention_count(width: int, bias: bool) -> int:
    return 4 * width * width + 4 * width * bias


register(
    LayerSpec(
        "MultiheadAttention",
        Category.ATTENTION,
        infer=lambda shapes, p: _heads_divide(shapes, "embed_dim", p["num_heads"]),
        module=MODULES + "MultiheadAttention",
        params=(
            ParamSpec(
                "num_heads",
                "int",
                help="Attention heads (must divide the features)",
                min=1,
                initial=4,
            ),
            ParamSpec("dropout", "float", 0.0, "Dropout on attention weights", min=0, max=1),
            ParamSpec("bias", "bool", True, "Learn projection biases"),
            ParamSpec("causal", "bool", False, "Each step sees only itself and earlier steps"),
        ),
        inferred={"embed_dim": lambda s: s[0][-1]},
        imports=("torch.nn.MultiheadAttention",),
        read=_read_attention,
        formula="Q, K, V = x·W_Q, x·W_K, x·W_V;  headₕ = softmax(Qₕ·Kₕᵀ / √d) · Vₕ;  "
        "y = concat(heads) · W_O",
        count_formula="4 × {embed_dim} × {embed_dim} + 4 × {embed_dim} × {bias}",
        help="Self-attention over (L, features): every step attends to every (earlier) step.",
        count=lambda s, p: _attention_count(s[0][-1], p["bias"]),
        label=lambda p: f"{p['num_heads']} heads{', causal' if p['causal'] else ''}",
    )
)


def _sdpa_infer(shapes: list[Shape], p: dict[str, Any]) -> Shape:
    """q (…, L, E), k (…, S, E), v (…, S, Ev) -> (…, L, Ev); the leading dims broadcast."""
    q, k, v = shapes
    if len(q) < 2:
        raise ShapeError(f"query must be (…, L, E) besides the batch; got {fmt_shape(q)}")
    for port, shape in ((1, k), (2, v)):
        if len(shape) != len(q):
            raise ShapeError(
                f"inputs must have the same rank; got {fmt_shape(q)} and {fmt_shape(shape)}", port
            )
    if k[-1] != q[-1]:
        raise ShapeError(f"key features ({k[-1]}) must equal query features ({q[-1]})", 1)
    if v[-2] != k[-2]:
        raise ShapeError(f"value length ({v[-2]}) must equal key length ({k[-2]})", 2)
    return (*broadcast([q[:-2], k[:-2], v[:-2]]), q[-2], v[-1])


register(
    LayerSpec(
        "ScaledDotProductAttention",
        Category.ATTENTION,
        infer=_sdpa_infer,
        module=MODULES + "ScaledDotProductAttention",
        inputs=(3, 3),
        params=(
            ParamSpec("is_causal", "bool", False, "Each query sees only keys at or before it"),
            ParamSpec("dropout", "float", 0.0, "Dropout on attention weights", min=0, max=1),
            ParamSpec("scale", "float", None, "Scores' factor (empty: 1/√E)", min=0, nullable=True),
        ),
        formula="y = softmax(q · kᵀ · scale [+ causal mask]) · v,  scale = 1/√E",
        docs=TORCH_DOCS.format("torch.nn.functional.scaled_dot_product_attention"),
        help="Attention of port 0 (queries) over port 1 (keys) and port 2 (values), as "
        "F.scaled_dot_product_attention computes it (heads as a leading dim).",
        label=lambda p: "causal" if p["is_causal"] else "",
    )
)


def _block_count(shapes: list[Shape], p: dict[str, Any]) -> int:
    width, hidden, bias = shapes[0][-1], p["dim_feedforward"], p["bias"]
    feed_forward = 2 * width * hidden + (hidden + width) * bias
    norms = 2 * width * (1 + bias)
    return _attention_count(width, bias) + feed_forward + norms


BLOCK_PARAMS = (
    ParamSpec("nhead", "int", help="Attention heads (must divide the features)", min=1, initial=4),
    ParamSpec("dim_feedforward", "int", 2048, "Hidden size of the feed-forward net", min=1),
    ParamSpec("dropout", "float", 0.1, "Dropout rate", min=0, max=1),
    ParamSpec("activation", "choice", "relu", "Feed-forward activation", choices=("relu", "gelu")),
    ParamSpec("layer_norm_eps", "float", 1e-5, "LayerNorm epsilon", min=1e-12),
    ParamSpec("norm_first", "bool", False, "Pre-norm (more stable for deep stacks)"),
    ParamSpec("bias", "bool", True, "Learn biases in linears and norms"),
)


def _block(name: str, help: str, formula: str, **where: Any) -> None:
    register(
        LayerSpec(
            name,
            Category.ATTENTION,
            infer=lambda shapes, p: _heads_divide(shapes, "d_model", p["nhead"]),
            params=BLOCK_PARAMS,
            inferred={"d_model": lambda s: s[0][-1]},
            help=help,
            formula=formula,
            count_formula="4 × {d_model} × {d_model} + 4 × {d_model} × {bias} "
            "+ 2 × {d_model} × {dim_feedforward} + ({dim_feedforward} + {d_model}) × {bias} "
            "+ 2 × {d_model} × (1 + {bias})",
            count=_block_count,
            label=lambda p: f"{p['nhead']} heads, ff {p['dim_feedforward']}",
            read=_read_block,
            **where,
        )
    )


_block(
    "TransformerEncoderLayer",
    "Transformer block: self-attention and a feed-forward net over (L, features).",
    "h = LN(x + SelfAttention(x));  y = LN(h + W₂ · act(W₁ · h))  "
    "(norm_first: h = x + SelfAttention(LN(x)), y = h + FFN(LN(h)))",
    fixed={"batch_first": True},
)
_block(
    "TransformerDecoderLayer",
    "Decoder-only (GPT) block: causal self-attention, so step t sees only steps <= t.",
    "h = LN(x + CausalSelfAttention(x));  y = LN(h + W₂ · act(W₁ · h)),  "
    "step t attends to steps ≤ t",
    docs="https://docs.pytorch.org/docs/stable/generated/torch.nn.TransformerEncoderLayer.html",
    module=MODULES + "TransformerDecoderLayer",
)
