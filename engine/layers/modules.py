"""The few torch modules LayerLab adds to torch.nn (merges, reshape, sequence adapters).

Imported only when a model is built, so the GUI can start without torch.
"""

from __future__ import annotations

import torch
from torch import nn


class Add(nn.Module):
    """Element-wise sum of all inputs (a residual join)."""

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out


class Multiply(nn.Module):
    """Element-wise product of all inputs (a gate)."""

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        out = xs[0]
        for x in xs[1:]:
            out = out * x
        return out


class Subtract(nn.Module):
    """Port 0 minus port 1, broadcasting."""

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a - b


class Divide(nn.Module):
    """Port 0 divided by port 1, broadcasting."""

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a / b


class MatMul(nn.Module):
    """Port 0 @ port 1: matrix product over the last two dims, the rest broadcasting."""

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a @ b


class Stack(nn.Module):
    """torch.stack of all inputs along a new `dim` (batch is dim 0)."""

    def __init__(self, dim: int = 1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        return torch.stack(xs, dim=self.dim)


class Arithmetic(nn.Module):
    """x op value for a constant value: add, sub, rsub (value - x), mul, div, rdiv, pow."""

    def __init__(self, op: str = "mul", value: float = 1.0) -> None:
        super().__init__()
        self.op, self.value = op, value

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        op, v = self.op, self.value
        if op == "add":
            return x + v
        if op == "sub":
            return x - v
        if op == "rsub":
            return v - x
        if op == "mul":
            return x * v
        if op == "div":
            return x / v
        if op == "rdiv":
            return v / x
        return x**v

    def extra_repr(self) -> str:
        return f"op={self.op!r}, value={self.value}"


class Permute(nn.Module):
    """x.permute(dims), batch (0) first."""

    def __init__(self, dims: list[int]) -> None:
        super().__init__()
        self.dims = tuple(dims)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.permute(self.dims)


class Transpose(nn.Module):
    """x.transpose(dim0, dim1)."""

    def __init__(self, dim0: int, dim1: int) -> None:
        super().__init__()
        self.dim0, self.dim1 = dim0, dim1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.transpose(self.dim0, self.dim1)


class _Reduce(nn.Module):
    """A reduction over `dim` (an int or a list of ints), optionally keeping the dims."""

    def __init__(self, dim: int | list[int], keepdim: bool = False) -> None:
        super().__init__()
        self.dim = tuple(dim) if isinstance(dim, (list, tuple)) else dim
        self.keepdim = keepdim


class Mean(_Reduce):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(self.dim, keepdim=self.keepdim)


class Sum(_Reduce):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.sum(self.dim, keepdim=self.keepdim)


class Amax(_Reduce):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.amax(self.dim, keepdim=self.keepdim)


class Amin(_Reduce):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.amin(self.dim, keepdim=self.keepdim)


class Squeeze(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # torch leaves a dim that is not 1 alone; ONNX's Squeeze would refuse it instead
        return x.squeeze(self.dim) if x.shape[self.dim] == 1 else x


class Unsqueeze(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.unsqueeze(self.dim)


class Select(nn.Module):
    """x.select(dim, index): one position along dim, which goes away (x[:, -1])."""

    def __init__(self, dim: int, index: int) -> None:
        super().__init__()
        self.dim, self.index = dim, index

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.select(self.dim, self.index)


class Slice(nn.Module):
    """x[..., start:end:step] along `dim` (a view, no copy)."""

    def __init__(self, dim: int, start: int = 0, end: int | None = None, step: int = 1) -> None:
        super().__init__()
        # kept as given, so an importer reads the settings back from the module
        self.dim, self.start, self.end, self.step = dim, start, end, step

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        index = [slice(None)] * x.dim()
        index[self.dim] = slice(self.start, self.end, self.step)
        return x[tuple(index)]


class Pad(nn.Module):
    """F.pad with (before, after) pairs from the last dim backwards."""

    def __init__(self, pad: list[int], mode: str = "constant", value: float = 0.0) -> None:
        super().__init__()
        self.pad, self.mode, self.value = tuple(pad), mode, value

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.mode == "constant":
            return nn.functional.pad(x, self.pad, value=self.value)
        return nn.functional.pad(x, self.pad, mode=self.mode)


class StochasticDepth(nn.Module):
    """Drops the input (a residual branch) at random while training: per sample ("row") or
    for the whole batch ("batch"), scaling survivors by 1 / (1 - p). Identity in eval."""

    def __init__(self, p: float = 0.1, mode: str = "row") -> None:
        super().__init__()
        self.p, self.mode = p, mode

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0.0:
            return x
        keep = 1.0 - self.p
        size = [x.shape[0]] + [1] * (x.dim() - 1) if self.mode == "row" else [1] * x.dim()
        noise = torch.empty(size, dtype=x.dtype, device=x.device).bernoulli_(keep)
        return x * noise.div_(keep) if keep > 0.0 else x * noise

    def extra_repr(self) -> str:
        return f"p={self.p}, mode={self.mode!r}"


class Parameter(nn.Module):
    """A learned tensor of `shape`, repeated (a view, no copy) for each sample of the batch
    its input carries: a class token, a positional embedding, a layer scale."""

    def __init__(self, shape: list[int], init: str = "zeros") -> None:
        super().__init__()
        self.shape, self.init = list(shape), init  # the settings, for an importer to read
        self.weight = nn.Parameter(torch.zeros(shape))
        if init == "ones":
            nn.init.ones_(self.weight)
        elif init == "normal":
            nn.init.normal_(self.weight, std=0.02)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.weight.expand(x.shape[0], *self.weight.shape)


class Concat(nn.Module):
    """torch.cat of all inputs along `dim` (batch is dim 0, as in torch)."""

    def __init__(self, dim: int = 1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        return torch.cat(xs, dim=self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Reshape(nn.Module):
    """View each sample as `shape` (batch dimension kept)."""

    def __init__(self, shape: list[int]) -> None:
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.shape)

    def extra_repr(self) -> str:
        return f"shape={self.shape}"


class _Recurrent:
    """Mixin for torch's batch-first RNNs: return every step's output, or only the last.

    The last output is the final hidden state of the top layer (both directions
    concatenated when bidirectional), shape (batch, hidden * directions).
    """

    bidirectional: bool

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        dropout: float = 0.0,
        bidirectional: bool = False,
        return_sequences: bool = False,
    ) -> None:
        # Positional order of nn.LSTM / nn.GRU: ..., bias, batch_first, dropout, bidirectional.
        # A mixin: super() is nn.LSTM/GRU/RNN at run time, object to a type checker.
        super().__init__(  # type: ignore[call-arg]
            input_size, hidden_size, num_layers, bias, True, dropout, bidirectional
        )
        self.return_sequences = return_sequences

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, state = super().forward(x)  # type: ignore[misc]
        if self.return_sequences:
            return out
        hidden = state[0] if isinstance(state, tuple) else state
        directions = 2 if self.bidirectional else 1
        return hidden[-directions:].transpose(0, 1).reshape(x.shape[0], -1)


class LSTM(_Recurrent, nn.LSTM):  # type: ignore[misc]  # forward returns a tensor
    """nn.LSTM, batch first, returning a tensor (see _Recurrent)."""


class GRU(_Recurrent, nn.GRU):  # type: ignore[misc]  # forward returns a tensor
    """nn.GRU, batch first, returning a tensor (see _Recurrent)."""


class RNN(_Recurrent, nn.RNN):  # type: ignore[misc]  # forward returns a tensor
    """nn.RNN (Elman), batch first, returning a tensor (see _Recurrent)."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        dropout: float = 0.0,
        bidirectional: bool = False,
        return_sequences: bool = False,
    ) -> None:
        nn.RNN.__init__(  # skips _Recurrent.__init__: nn.RNN also takes nonlinearity
            self,
            input_size,
            hidden_size,
            num_layers,
            nonlinearity,
            bias,
            True,
            dropout,
            bidirectional,
        )
        self.return_sequences = return_sequences


class ScaledDotProductAttention(nn.Module):
    """F.scaled_dot_product_attention of (query, key, value) as a module: its dropout
    applies only while training, as a layer's does."""

    def __init__(self, is_causal: bool = False, dropout: float = 0.0, scale: float | None = None):
        super().__init__()
        self.is_causal, self.dropout, self.scale = is_causal, dropout, scale

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        one_head = q.dim() == 3  # (B, L, E): the ONNX exporter takes 4-d (B, heads, L, E)
        if one_head:
            q, k, v = q.unsqueeze(1), k.unsqueeze(1), v.unsqueeze(1)
        dropout = self.dropout if self.training else 0.0
        out = nn.functional.scaled_dot_product_attention(
            q, k, v, dropout_p=dropout, is_causal=self.is_causal, scale=self.scale
        )
        return out.squeeze(1) if one_head else out

    def extra_repr(self) -> str:
        return f"is_causal={self.is_causal}, dropout={self.dropout}, scale={self.scale}"


class MultiheadAttention(nn.MultiheadAttention):
    """Batch-first self-attention: queries, keys and values are all the input.

    `causal` masks future positions, so step t only sees steps <= t.
    """

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        causal: bool = False,
    ) -> None:
        super().__init__(embed_dim, num_heads, dropout=dropout, bias=bias, batch_first=True)
        self.causal = causal

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # type: ignore[override]
        mask = _causal_mask(x) if self.causal else None
        return super().forward(x, x, x, need_weights=False, attn_mask=mask, is_causal=self.causal)[
            0
        ]


class TransformerDecoderLayer(nn.TransformerEncoderLayer):
    """A decoder-only (GPT-style) block: causal self-attention and a feed-forward net.

    torch's own TransformerDecoderLayer needs an encoder's memory; without one, a decoder
    block is exactly an encoder block whose attention cannot look ahead.
    """

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: str = "relu",
        layer_norm_eps: float = 1e-5,
        norm_first: bool = False,
        bias: bool = True,
    ) -> None:
        super().__init__(
            d_model,
            nhead,
            dim_feedforward,
            dropout,
            activation,
            layer_norm_eps,
            batch_first=True,
            norm_first=norm_first,
            bias=bias,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # type: ignore[override]
        return super().forward(x, src_mask=_causal_mask(x), is_causal=True)


def _causal_mask(x: torch.Tensor) -> torch.Tensor:
    """Float mask (L, L): 0 on and below the diagonal, -inf above (no peeking ahead)."""
    return nn.Transformer.generate_square_subsequent_mask(
        x.shape[1], device=x.device, dtype=x.dtype
    )
