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
        super().__init__(input_size, hidden_size, num_layers, bias, True, dropout, bidirectional)
        self.return_sequences = return_sequences

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, state = super().forward(x)  # type: ignore[misc]
        if self.return_sequences:
            return out
        hidden = state[0] if isinstance(state, tuple) else state
        directions = 2 if self.bidirectional else 1
        return hidden[-directions:].transpose(0, 1).reshape(x.shape[0], -1)


class LSTM(_Recurrent, nn.LSTM):
    """nn.LSTM, batch first, returning a tensor (see _Recurrent)."""


class GRU(_Recurrent, nn.GRU):
    """nn.GRU, batch first, returning a tensor (see _Recurrent)."""


class RNN(_Recurrent, nn.RNN):
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
