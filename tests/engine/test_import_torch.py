"""Import from PyTorch with torch.fx: models written the way people write them become
LayerLab graphs that, given the module's weights, compute the same outputs."""

from __future__ import annotations

import itertools
import math
import warnings
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import engine
from engine.export import export_python
from engine.importers import ImportFailed, import_module, load_module_class


class SequentialMLP(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(20, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 3), nn.LogSoftmax(dim=1)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class ResidualBlock(nn.Module):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.f = nn.Sequential(nn.Linear(width, width), nn.GELU(), nn.Linear(width, width))
        self.norm = nn.LayerNorm(width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.norm(x + self.f(x))


class ResidualNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.stem = nn.Linear(8, 16)
        self.blocks = nn.Sequential(ResidualBlock(16), ResidualBlock(16))
        self.head = nn.Linear(16, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(F.relu(self.blocks(self.stem(x))))


class SmallCNN(nn.Module):
    """In the style of the PyTorch MNIST example: functional relu, pooling and dropout."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=3, stride=2)
        self.fc = nn.Linear(16 * 3 * 3, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.relu(self.conv2(x))
        x = x.view(x.size(0), -1)
        x = F.dropout(x, p=0.3, training=self.training)
        return self.fc(x)


class TwoTower(nn.Module):
    """Two inputs, torch.cat, a sigmoid gate (x * g), flatten and reshape."""

    def __init__(self) -> None:
        super().__init__()
        self.left = nn.Linear(4, 8)
        self.right = nn.Linear(6, 8)
        self.gate = nn.Linear(16, 16)
        self.out = nn.Linear(16, 1)

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        h = torch.cat([self.left(a).relu(), torch.tanh(self.right(b))], dim=1)
        h = h * torch.sigmoid(self.gate(h))
        h = torch.flatten(h.reshape(h.shape[0], 4, 4), 1)
        return self.out(h)


class Functional(nn.Module):
    """Activations called as functions and methods, with their options."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(6, 6)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.leaky_relu(self.fc(x), 0.2)
        x = F.gelu(x, approximate="tanh") * F.hardswish(x)
        return torch.softmax(x, -1) + x.log_softmax(dim=-1)


MODELS = [
    (SequentialMLP, [(20,)]),
    (ResidualNet, [(8,)]),
    (SmallCNN, [(3, 14, 14)]),
    (TwoTower, [(4,), (6,)]),
    (Functional, [(6,)]),
]


@pytest.mark.parametrize(("cls", "shapes"), MODELS, ids=lambda v: getattr(v, "__name__", ""))
def test_imported_graph_with_copied_weights_gives_identical_outputs(
    cls: type[nn.Module], shapes: list[tuple[int, ...]], tmp_path: Path
) -> None:
    torch.manual_seed(0)
    module = cls().eval()
    result = import_module(module, shapes)

    engine.save_project(engine.Project(result.graph, name=cls.__name__), tmp_path / "m.layerlab")
    graph = engine.load_project(tmp_path / "m.layerlab").graph
    assert [p for p in engine.check(engine.Project(graph)) if p.severity == "error"] == []
    model = engine.build_model(graph).eval()
    model.load_state_dict(result.convert_state_dict(module.state_dict()))
    inputs = [torch.randn(5, *shape) for shape in shapes]
    with torch.no_grad():
        assert torch.allclose(model(*inputs), module(*inputs), atol=1e-6)


def test_graph_reads_like_the_module() -> None:
    graph = import_module(SmallCNN(), [(3, 14, 14)]).graph
    assert [(n.id, n.type, n.params) for n in graph] == [
        ("x", "Input", {"shape": [3, 14, 14]}),
        ("conv1", "Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": 1}),
        ("bn1", "BatchNorm2d", {}),
        ("relu", "ReLU", {}),
        ("max_pool2d", "MaxPool2d", {"kernel_size": 2}),
        ("conv2", "Conv2d", {"out_channels": 16, "kernel_size": 3, "stride": 2}),
        ("relu_1", "ReLU", {}),
        ("view", "Flatten", {}),
        ("dropout", "Dropout", {"p": 0.3}),
        ("fc", "Linear", {"out_features": 10}),
        ("output", "Output", {}),
    ]
    residual = import_module(ResidualNet(), [(8,)]).graph
    adds = residual.nodes_of_type("Add")
    assert [[e.source for e in residual.incoming(a.id)] for a in adds] == [
        ["stem", "blocks_0_f_2"],
        ["blocks_0_norm", "blocks_1_f_2"],
    ]


def test_functional_options_become_layer_params() -> None:
    graph = import_module(Functional(), [(6,)]).graph
    assert [(n.type, n.params) for n in graph][2:6] == [
        ("LeakyReLU", {"negative_slope": 0.2}),
        ("GELU", {"approximate": "tanh"}),
        ("Hardswish", {}),
        ("Multiply", {}),
    ]


class Unsupported(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.pad = nn.ReflectionPad1d(1)
        self.conv = nn.Conv1d(1, 2, 3, padding=1, padding_mode="reflect")
        self.lstm = nn.LSTM(4, 4, batch_first=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.sin(self.fc(x))
        y = y * 2
        z = self.fc(x)
        w = self.pad(x.unsqueeze(1))
        v = self.conv(x.unsqueeze(1))
        out, (h, c) = self.lstm(x.unsqueeze(1))  # noqa: RUF059 (as people write it)
        return y + z + w.mean(2) + v.mean(1) + c[0] + out[:, 0]


def test_every_unsupported_operation_is_listed_with_its_line() -> None:
    with pytest.raises(ImportFailed) as info:
        import_module(Unsupported(), [(4,)])
    message = str(info.value)
    here = Path(__file__).name
    assert message.startswith("cannot import Unsupported: 5 operation(s) have no LayerLab layer")
    assert f"{here}:" in message
    assert "(y = torch.sin(self.fc(x))): torch.sin has no LayerLab layer" in message
    assert "'fc') is called again after 'fc' (shared weights)" in message
    assert "ReflectionPad1d ('pad') has no LayerLab layer" in message
    assert "Conv1d ('conv'): option padding_mode='reflect' has no LayerLab setting" in message
    assert "uses the cell state c_n, which LayerLab layers do not return" in message
    assert "y * 2" not in message  # follows from torch.sin: not reported twice


class SineBlock(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + torch.sin(self.fc(x))


def test_an_unsupported_operation_in_a_repeated_block_is_listed_once() -> None:
    """A transformer repeats its block dozens of times: one line to fix, with the count."""
    with pytest.raises(ImportFailed) as info:
        import_module(nn.Sequential(*[SineBlock() for _ in range(3)]), [(4,)])
    message = str(info.value)
    assert message.startswith("cannot import Sequential: 3 operation(s) have no LayerLab layer")
    listed = message.splitlines()[1:]
    assert len(listed) == 1 and listed[0].endswith("torch.sin has no LayerLab layer (3 times)")


def test_frames_of_library_code_outside_torch_are_named() -> None:
    """The op's line is in the library that wrote it (here the zoo file, as torchvision's
    would be), not the model that calls it."""
    from zoo import channel_shuffle

    class Shuffle(nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return channel_shuffle(torch.cos(x), 2) + x.sum()

    with pytest.raises(ImportFailed) as info:
        import_module(Shuffle(), [(4, 2, 2)])
    assert "(return channel_shuffle(torch.cos(x), 2) + x.sum()): torch.cos" in str(info.value)
    assert "Tensor.sum" in str(info.value)


class Branching(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x if x.sum() > 0 else -x


class FlattensTheBatch(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.flatten(x, 0)
        return x


def test_untraceable_module_and_wrong_input_shape_are_clear_errors() -> None:
    with pytest.raises(ImportFailed, match=r"cannot trace Branching with torch\.fx"):
        import_module(Branching(), [(4,)])
    with pytest.raises(ImportFailed, match=r"SequentialMLP fails on inputs of shape \(7,\)"):
        import_module(SequentialMLP(), [(7,)])
    with pytest.raises(ImportFailed, match="input 'b' has no shape"):
        import_module(TwoTower(), [(4,)])
    with pytest.raises(ImportFailed, match=r"forward takes 1 input\(s\) \(x\); got 2 input shapes"):
        import_module(SequentialMLP(), [(20,), (20,)])
    with pytest.raises(ImportFailed, match=r"\(x = torch.flatten\(x, 0\)\): 'flatten': .*batch"):
        import_module(FlattensTheBatch(), [(4,)])


def test_import_then_export_python_round_trip(tmp_path: Path) -> None:
    """A PyTorch model through LayerLab and back to PyTorch code computes the same."""
    torch.manual_seed(1)
    module = ResidualNet().eval()
    result = import_module(module, [(8,)])
    model = engine.build_model(result.graph)
    model.load_state_dict(result.convert_state_dict(module.state_dict()))
    engine.save_weights(model, tmp_path / "w.safetensors")
    report = export_python(result.graph, tmp_path / "net.py", weights=tmp_path / "w.safetensors")
    assert report.max_abs_diff == 0.0
    exported_cls = load_module_class(str(tmp_path / "net.py") + ":Model")
    exported = exported_cls().load_weights(str(tmp_path / "w.safetensors")).eval()
    x = torch.randn(3, 8)
    with torch.no_grad():
        assert torch.allclose(exported(x), module(x), atol=1e-6)


def test_a_wrapped_model_drops_the_wrappers_prefix() -> None:
    """`self.m = net` in a wrapper would prefix every id with `m_`; ids read as the net's."""

    class Wrapper(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.m = SmallCNN()

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.m(x)

    torch.manual_seed(0)
    wrapper = Wrapper().eval()
    result = import_module(wrapper, [(3, 14, 14)])
    assert {"conv1", "bn1", "conv2", "fc"} <= set(result.graph.nodes)
    model = engine.build_model(result.graph).eval()
    model.load_state_dict(result.convert_state_dict(wrapper.state_dict()))
    x = torch.randn(2, 3, 14, 14)
    with torch.no_grad():
        assert torch.equal(model(x), wrapper(x))


def test_an_in_place_module_is_compared_on_the_values_it_was_given() -> None:
    """The module and the imported graph each run on their own copy of the batch: an
    in-place LeakyReLU would otherwise hand the graph already-activated values."""
    module = nn.Sequential(nn.LeakyReLU(0.5, inplace=True), nn.Linear(64, 4))
    result = import_module(module, [[64]])
    assert [n.type for n in result.graph] == ["Input", "LeakyReLU", "Linear", "Output"]
    assert result.max_abs_diff == 0.0


class _SumOfFour(nn.Module):
    def forward(self, a, b, c, d):
        s = a + b
        return (s + c + d) * (s + 1)  # s feeds two uses: it stays an Add of its own


def test_a_chain_of_sums_imports_as_one_add_unless_a_partial_sum_is_used_again():
    chain = import_module(_SumOfFour(), [[3]] * 4)
    adds = [n for n in chain.graph if n.type == "Add"]
    inputs = {n.id: sum(1 for e in chain.graph.edges if e.target == n.id) for n in adds}
    assert sorted(inputs.values()) == [2, 3], inputs
    assert chain.max_abs_diff == 0


class Products(nn.Module):
    """An outer product (a MatMul), then products LayerLab has no layer for: with a stored
    matrix, and of ranks 3 and 4 (torch would pair the batch with a sample dim)."""

    def __init__(self) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.randn(16, 4))
        self.fc = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.fc(x)
        outer = h.unsqueeze(2) @ h.unsqueeze(1)
        mixed = outer @ h.view(-1, 1, 4, 1)
        return mixed.flatten(1)[:, :4] + torch.matmul(outer.flatten(1), self.w)


def test_matmul_imports_between_batches_of_matrices_of_one_rank() -> None:
    with pytest.raises(ImportFailed) as info:
        import_module(Products(), [(4,)])
    message = str(info.value)
    assert "2 operation(s) have no LayerLab layer" in message
    assert (
        "(mixed = outer @ h.view(-1, 1, 4, 1)): operator.matmul of tensors of 3 and 4 dims; "
        "MatMul takes two batches of matrices of one rank"
    ) in message
    assert (
        "torch.matmul of a tensor and 'w' has no LayerLab layer (a learned matrix is an nn.Linear)"
    ) in message


class MaskedAttention(nn.Module):
    """F.scaled_dot_product_attention with a mask tensor: LayerLab takes is_causal only."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("mask", torch.ones(5, 5, dtype=torch.bool).tril())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        causal = F.scaled_dot_product_attention(x, x, x, is_causal=True, scale=0.5)
        return F.scaled_dot_product_attention(causal, x, x, attn_mask=self.mask)


def test_attention_calls_import_with_their_options_or_say_which_option_has_no_setting() -> None:
    with pytest.raises(ImportFailed) as info:
        import_module(MaskedAttention(), [(5, 4)])
    message = str(info.value)
    assert "1 operation(s) have no LayerLab layer" in message
    assert (
        "F.scaled_dot_product_attention(causal, x, x, attn_mask=self.mask)): "
        "torch.scaled_dot_product_attention with attn_mask "
        "(LayerLab takes is_causal=True for a causal mask)"
    ) in message


class SequenceFirst(nn.Module):
    """Sequence-first code: the permute moves the batch to dim 1 and a Linear takes it."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(8, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x.permute(1, 0, 2)).permute(1, 0, 2)


class UnbindsTheBatch(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.permute(2, 0, 1).unbind(1)[0]


def test_a_permute_moving_the_batch_is_refused_where_its_result_is_used_whole() -> None:
    """Taken apart along its dim 0 (timm's unbind) it imports; used whole, or taken apart
    along the batch, it cannot."""
    for module, line in (
        (SequenceFirst(), "permute(1, 0, 2)"),
        (UnbindsTheBatch(), "permute(2, 0, 1)"),
    ):
        with pytest.raises(ImportFailed) as info:
            import_module(module, [(5, 8)])
        message = str(info.value)
        assert "1 operation(s) have no LayerLab layer" in message
        assert f"{line} moves the batch away from dim 0 (LayerLab keeps it first" in message


class NanoLayerNorm(nn.Module):
    """nanoGPT's LayerNorm: F.layer_norm with its own weight and an optional bias."""

    def __init__(self, ndim: int, bias: bool) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.rand(ndim) + 0.5)
        self.bias = nn.Parameter(torch.rand(ndim)) if bias else None

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        return F.layer_norm(input, self.weight.shape, self.weight, self.bias, 1e-5)


class NanoHead(nn.Module):
    """nanoGPT's forward(idx, targets=None): without targets, logits of the last position
    only (x[:, [-1], :]) and no loss."""

    def __init__(self) -> None:
        super().__init__()
        self.wte = nn.Embedding(20, 8)
        self.ln_1, self.ln_f = NanoLayerNorm(8, bias=True), NanoLayerNorm(8, bias=False)
        self.lm_head = nn.Linear(8, 20, bias=False)

    def forward(
        self, idx: torch.Tensor, targets: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        x = self.ln_f(self.ln_1(self.wte(idx)))
        if targets is not None:
            logits = self.lm_head(x)
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
        else:
            logits = self.lm_head(x[:, [-1], :])
            loss = None
        return logits, loss


def test_nanogpt_style_inference_path_imports_with_its_layer_norms() -> None:
    torch.manual_seed(0)
    module = NanoHead().eval()
    result = import_module(module, [(6,)])
    norms = [n for n in result.graph.nodes.values() if n.type == "LayerNorm"]
    assert [n.params.get("bias", True) for n in norms] == [True, False]
    model = engine.build_model(result.graph).eval()
    model.load_state_dict(result.convert_state_dict(module.state_dict()))
    idx = torch.randint(0, 20, (3, 6))
    with torch.no_grad():
        logits, loss = module(idx)
        assert loss is None and logits.shape == (3, 1, 20)
        assert torch.allclose(model(idx), logits, atol=1e-6)


class Tied(nn.Module):
    """An embedding tied to the output layer, as nanoGPT and GPT-2 tie them."""

    def __init__(self) -> None:
        super().__init__()
        self.wte = nn.Embedding(20, 8)
        self.lm_head = nn.Linear(8, 20, bias=False)
        self.wte.weight = self.lm_head.weight

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        return self.lm_head(self.wte(idx))


def test_tied_weights_import_as_copies_and_say_so() -> None:
    result = import_module(Tied().eval(), [(6,)])
    assert result.max_abs_diff == 0
    assert result.notes == [
        "wte.weight and lm_head.weight are one tensor in the module (tied weights); the graph "
        "holds a copy for each, which train apart"
    ]
    assert import_module(SequentialMLP().eval(), [(20,)]).notes == []


class SparseGPT(nn.Module):
    """minGPT's forward and attention around a token embedding LayerLab has no setting
    for (sparse gradients): sizes, positions and the mask come from the embedding's
    output, and so do every later step."""

    def __init__(self) -> None:
        from zoo import CausalSelfAttention, MinGPTConfig

        super().__init__()
        config = MinGPTConfig(n_layer=1, n_embd=16, block_size=8)
        self.wte = nn.Embedding(config.vocab_size, config.n_embd, sparse=True)
        self.wpe = nn.Embedding(config.block_size, config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        tok = self.wte(idx)
        pos = torch.arange(0, tok.size(1), dtype=torch.long, device=tok.device)
        x = tok + self.wpe(pos)
        return self.lm_head(x + self.attn(x))


def test_a_refusal_lists_only_the_real_causes_not_what_follows_from_them() -> None:
    """The sizes, device and dtype of what failed are known all the same, so positions,
    masks and head sizes computed from them are no extra problems; nor are the layers
    after it."""
    with pytest.raises(ImportFailed) as info:
        import_module(SparseGPT(), [(8,)])
    source = Path(__file__).read_text(encoding="utf-8").splitlines()
    line = source.index("        tok = self.wte(idx)") + 1
    assert str(info.value) == (
        "cannot import SparseGPT: 1 operation(s) have no LayerLab layer:\n"
        f"  {Path(__file__).name}:{line} (tok = self.wte(idx)): "
        "torch.nn.modules.sparse.Embedding ('wte'): option sparse=True has no LayerLab setting"
    )


class MaskedScores(nn.Module):
    """Attention written out, masked by a constant buffer sliced to the input's length:
    causal (tril), or a band of the last 3 steps; the weights may be returned too."""

    def __init__(self, band: bool = False, weights: bool = False) -> None:
        super().__init__()
        self.qkv = nn.Linear(8, 24)
        keep = torch.ones(10, 10).tril() - (torch.ones(10, 10).tril(-3) if band else 0)
        self.register_buffer("keep", keep)
        self.weights = weights

    def forward(self, x: torch.Tensor) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        T = x.size(1)
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        att = q @ k.transpose(1, 2) / 4
        att = att.masked_fill(self.keep[:T, :T] == 0, float("-inf")).softmax(dim=-1)
        return (att @ v, att) if self.weights else att @ v


def test_a_constant_causal_mask_in_attention_imports_and_other_masks_say_why_not() -> None:
    torch.manual_seed(0)
    module = MaskedScores().eval()
    result = import_module(module, [(6, 8)])
    assert [(n.type, n.params) for n in result.graph][-2:] == [
        ("ScaledDotProductAttention", {"is_causal": True, "scale": 0.25}),
        ("Output", {}),
    ]
    x = torch.randn(4, 6, 8)
    with torch.no_grad():
        assert (result.model(x) - module(x)).abs().max().item() <= 1e-6

    line = '(att = att.masked_fill(self.keep[:T, :T] == 0, float("-inf")).softmax(dim=-1)): '
    for options, reason in (
        (
            {"band": True},
            "Tensor.masked_fill with a mask that is not causal has no LayerLab layer "
            "(LayerLab masks attention causally: ScaledDotProductAttention with is_causal)",
        ),
        (
            {"weights": True},
            "Tensor.masked_fill with a causal mask imports only inside attention whose steps "
            "nothing else uses: softmax(masked q @ kᵀ · scale), dropout, @ v, which is "
            "a ScaledDotProductAttention(is_causal)",
        ),
    ):
        with pytest.raises(ImportFailed) as info:
            import_module(MaskedScores(**options), [(6, 8)])
        lines = str(info.value).splitlines()
        assert lines[0] == "cannot import MaskedScores: 1 operation(s) have no LayerLab layer:"
        assert len(lines) == 2 and lines[1].endswith(line + reason)


class BufferToken(nn.Module):
    """A fixed token (a buffer, not learned) expanded over the batch and concatenated."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("tok", torch.randn(1, 1, 8))
        self.fc = nn.Linear(8, 8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        t = self.tok.expand(x.shape[0], -1, -1)
        return self.fc(torch.cat([t, x], dim=1))


class SinePositions(nn.Module):
    """The Annotated Transformer's PositionalEncoding: a sinusoidal table kept as a buffer,
    sliced to the input's length and added, then dropout."""

    def __init__(self, d_model: int = 8, max_len: int = 20) -> None:
        super().__init__()
        self.dropout = nn.Dropout(0.1)
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * -(math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe.unsqueeze(0))
        self.fc = nn.Linear(d_model, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.pe[:, : x.size(1)].requires_grad_(False)
        return self.fc(self.dropout(x))


class Normalized(nn.Module):
    """Images normalised by a mean and std held as buffers, as torchvision's presets do."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv((x - self.mean) / self.std)


BUFFERED = [
    (BufferToken, (5, 8), {"tok": lambda m: m.tok.reshape(1, 8)}),
    (SinePositions, (6, 8), {"pe": lambda m: m.pe[0, :6]}),
    (Normalized, (3, 7, 7), {"mean": lambda m: m.mean[0], "std": lambda m: m.std[0]}),
]


@pytest.mark.parametrize(
    ("cls", "shape", "buffers"), BUFFERED, ids=lambda v: getattr(v, "__name__", "")
)
def test_buffers_used_as_data_import_as_frozen_parameters_holding_their_values(
    cls: type[nn.Module], shape: tuple[int, ...], buffers: dict, tmp_path: Path
) -> None:
    torch.manual_seed(0)
    module = cls().eval()
    result = import_module(module, [shape], weights=tmp_path / "w.safetensors")
    x = torch.randn(4, *shape)
    with torch.no_grad():
        assert torch.equal(result.model(x), module(x))
    for node_id, value in buffers.items():
        node = result.graph.nodes[node_id]
        assert (node.type, node.trainable) == ("Parameter", False)
        assert torch.equal(result.model.layer(node_id).weight, value(module))

    model = engine.load_model(tmp_path / "w.safetensors")  # the weights the import saved
    with torch.no_grad():
        assert torch.equal(model(x), module(x))
    model.train()
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=0.1)
    model(x).square().mean().backward()
    optimizer.step()
    for name, p in model.named_parameters():
        frozen = name.partition(".")[0] in buffers
        assert torch.equal(p, before[name]) == frozen, name


class Counting(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("calls", torch.zeros(()))
        self.fc = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls += 1
        return self.fc(x)


class Projected(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("basis", torch.randn(4, 4))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.basis


def test_a_buffer_used_with_no_layerlab_form_is_refused_naming_its_line() -> None:
    source = Path(__file__).read_text(encoding="utf-8").splitlines()
    here = Path(__file__).name
    counting = Counting()
    with pytest.raises(ImportFailed) as info:
        import_module(counting, [(4,)])
    line = source.index("        self.calls += 1") + 1
    assert str(info.value) == (
        f"cannot trace Counting with torch.fx: {here}:{line} (self.calls += 1): assigns to "
        "buffer 'calls' as it runs; LayerLab layers hold no state that changes from call to call"
    )
    assert torch.equal(counting.calls, torch.zeros(()))  # the module is left as it was

    with pytest.raises(ImportFailed) as info:
        import_module(Projected(), [(4,)])
    line = source.index("        return x @ self.basis") + 1
    assert str(info.value) == (
        "cannot import Projected: 1 operation(s) have no LayerLab layer:\n"
        f"  {here}:{line} (return x @ self.basis): operator.matmul of a tensor and 'basis' has "
        "no LayerLab layer (a learned matrix is an nn.Linear)"
    )

    with pytest.raises(ImportFailed) as info:
        import_module(Branching(), [(4,)])
    line = source.index("        return x if x.sum() > 0 else -x") + 1
    assert str(info.value) == (
        f"cannot trace Branching with torch.fx: {here}:{line} (return x if x.sum() > 0 else "
        "-x): symbolically traced variables cannot be used as inputs to control flow"
    )


class BufferSwitches(nn.Module):
    """Python reading buffers: a flag in an `if`, rows in a loop, len and item()."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("scaled", torch.tensor(True))
        self.register_buffer("scale", torch.tensor(2.0))
        self.register_buffer("shifts", torch.randn(3, 4))
        self.fc = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.scaled:
            x = x * self.scale
        for row in self.shifts:
            x = x + row
        return self.fc(x) * (len(self.shifts) + int(self.scale.item()))


def test_python_reads_of_a_buffer_see_its_value_as_before_buffers_were_traced() -> None:
    torch.manual_seed(0)
    module = BufferSwitches().eval()
    result = import_module(module, [(4,)])
    assert [(n.type, n.params) for n in result.graph][1:3] == [
        ("Arithmetic", {"value": 2.0}),
        ("Parameter", {"shape": [4]}),
    ]
    assert result.graph.nodes["fc"].type == "Linear"
    assert result.graph.nodes["mul_1"].params == {"value": 5.0}
    x = torch.randn(3, 4)
    with torch.no_grad():
        assert torch.equal(result.model(x), module(x))


class StackClassifier(nn.Module):
    """A classifier around nn.TransformerEncoder, as the tutorials build it: one layer
    cloned `num_layers` times, an optional final norm, called with or without a mask."""

    def __init__(
        self,
        norm: bool = True,
        norm_first: bool = False,
        activation: str = "relu",
        batch_first: bool = True,
        call: str = "plain",
    ) -> None:
        super().__init__()
        self.embed = nn.Embedding(30, 16)
        layer = nn.TransformerEncoderLayer(
            16, 4, 32, 0.1, activation, batch_first=batch_first, norm_first=norm_first
        )
        with warnings.catch_warnings():  # enable_nested_tensor left at its default: torch
            # says it cannot use nested tensors with norm_first or batch_first=False
            warnings.filterwarnings("ignore", "enable_nested_tensor is True")
            norm_layer = nn.LayerNorm(16) if norm else None
            self.encoder = nn.TransformerEncoder(layer, 2, norm=norm_layer)
        self.fc = nn.Linear(16, 3)
        self.call = call

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        x = self.embed(idx)
        if self.call == "causal":
            mask = nn.Transformer.generate_square_subsequent_mask(x.size(1))
            h = self.encoder(x, mask=mask, is_causal=True)
        elif self.call == "hint":
            h = self.encoder(x, is_causal=True)
        elif self.call == "padded":
            h = self.encoder(x, src_key_padding_mask=idx == 0)
        else:
            h = self.encoder(x)
        return self.fc(h.mean(dim=1))


BLOCK = {"nhead": 4, "dim_feedforward": 32}  # StackClassifier's layers: other params default


@pytest.mark.parametrize(
    ("options", "blocks", "params", "norm"),
    [
        ({}, "TransformerEncoderLayer", BLOCK, True),
        ({"norm": False}, "TransformerEncoderLayer", BLOCK, False),
        (
            {"norm_first": True, "activation": "gelu"},
            "TransformerEncoderLayer",
            {**BLOCK, "activation": "gelu", "norm_first": True},
            True,
        ),
        ({"call": "causal"}, "TransformerDecoderLayer", BLOCK, True),
    ],
    ids=["norm", "no-norm", "norm-first-gelu", "causal-mask"],
)
def test_a_transformer_encoder_imports_as_its_layers_then_its_norm(
    options: dict, blocks: str, params: dict, norm: bool, tmp_path: Path
) -> None:
    torch.manual_seed(0)
    module = StackClassifier(**options).eval()
    result = import_module(module, [(7,)], weights=tmp_path / "w.safetensors")
    graph = result.graph
    stack = ["encoder_layers_0", "encoder_layers_1"] + ["encoder_norm"] * norm
    chain = ["embed", *stack, "mean"]
    for source, target in itertools.pairwise(chain):
        assert [edge.target for edge in graph.outgoing(source)] == [target]
    assert [graph.nodes[i].type for i in stack] == [blocks] * 2 + ["LayerNorm"] * norm
    assert [graph.nodes[i].params for i in stack[:2]] == [params] * 2
    for i in range(2):  # each layer holds its own weights
        built, own = result.model.layer(f"encoder_layers_{i}"), module.encoder.layers[i]
        assert torch.equal(built.linear1.weight, own.linear1.weight)

    x = torch.randint(0, 30, (4, 7))
    with torch.no_grad():
        assert torch.equal(result.model(x), module(x))
        model = engine.load_model(tmp_path / "w.safetensors")  # the weights the import saved
        assert torch.equal(model(x), module(x))


def test_a_transformer_encoder_refuses_what_its_layers_have_no_setting_for() -> None:
    source = Path(__file__).read_text(encoding="utf-8").splitlines()
    here, label = Path(__file__).name, "torch.nn.modules.transformer.TransformerEncoder ('encoder')"
    calls = {
        code: f"{here}:{source.index('            ' + code) + 1} ({code})"
        for code in (
            "h = self.encoder(x)",
            "h = self.encoder(x, is_causal=True)",
            "h = self.encoder(x, src_key_padding_mask=idx == 0)",
        )
    }
    refusals = [
        (
            {"batch_first": False},
            [
                f"{calls['h = self.encoder(x)']}: torch.nn.modules.transformer."
                "TransformerEncoderLayer ('encoder.layers.0'): option batch_first=False "
                "(LayerLab sequences are batch-first: (batch, L, features)) has no LayerLab "
                "setting"
            ],
        ),
        (
            {"call": "hint"},
            [
                f"{calls['h = self.encoder(x, is_causal=True)']}: {label} gets is_causal=True "
                "without a mask; is_causal only describes the mask, which torch needs too "
                "(mask=nn.Transformer.generate_square_subsequent_mask(L))"
            ],
        ),
        (
            {"call": "padded"},
            [
                f"{calls['h = self.encoder(x, src_key_padding_mask=idx == 0)']}: {end}"
                for end in (
                    "operator.eq has no LayerLab layer",
                    f"{label} gets src_key_padding_mask=..., which LayerLab layers do not take",
                )
            ],
        ),
    ]
    for options, lines in refusals:
        with pytest.raises(ImportFailed) as info:
            import_module(StackClassifier(**options), [(7,)])
        assert str(info.value) == (
            f"cannot import StackClassifier: {len(lines)} operation(s) have no LayerLab "
            "layer:\n" + "\n".join(f"  {line}" for line in lines)
        )
