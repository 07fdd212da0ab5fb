"""Every data source on small files written here: shapes, labels, splits and the errors
a user sees for malformed input."""

from __future__ import annotations

import gzip
import struct
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from training_projects import chain, cnn, mlp

import engine
from engine.data import DataError, load_data
from engine.data.text import decode


@pytest.mark.parametrize(
    ("name", "x_shape", "classes"),
    [
        ("blobs", (4,), 2),
        ("moons", (2,), 2),
        ("spirals", (2,), 3),
        ("xor", (2,), 2),
        ("regression", (4,), None),
        ("shapes", (1, 12, 12), 3),
        ("sequence", (7, 1), 2),
    ],
)
def test_synthetic_sets_take_sizes_from_the_graph(name, x_shape, classes):
    data = {"source": "synthetic", "name": name, "samples": 60}
    if name == "shapes":
        project = cnn(data, size=12)
    elif name == "sequence":
        project = mlp(data)
        project.graph.nodes["in"].params["shape"] = [7, 1]
    else:
        project = mlp(data, inputs=x_shape[0], outputs=1 if classes != 3 else 3)
    dataset = load_data(project)
    assert dataset.sample_shape == x_shape
    assert dataset.num_classes == classes
    assert dataset.n_train + dataset.n_val == 60
    again = load_data(project)
    assert torch.equal(dataset.x, again.x) and torch.equal(dataset.train_idx, again.train_idx)


def test_split_is_seeded():
    section = {"source": "synthetic", "name": "moons", "samples": 100, "validation_split": 0.25}
    a = load_data(section)
    b = load_data({**section, "seed": 1})
    assert a.n_val == 25 and a.n_train == 75
    assert not torch.equal(a.val_idx, b.val_idx)
    assert set(a.train_idx.tolist()).isdisjoint(a.val_idx.tolist())


def test_sequence_tasks():
    for task, kind in (
        ("trend", "classification"),
        ("parity", "classification"),
        ("sum", "regression"),
    ):
        data = load_data(
            {"source": "synthetic", "name": "sequence", "task": task, "samples": 20, "length": 5}
        )
        assert data.sample_shape == (5, 1) and data.task == kind


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_labels_standardisation_and_relative_paths(tmp_path):
    rows = "\n".join(f"{i},{i * 2 + 1},{'yes' if i % 3 else 'no'}" for i in range(30))
    write(tmp_path / "t.csv", "a,b,label\n" + rows + "\n")
    project = mlp({"source": "csv", "path": "t.csv", "target": "label"}, folder=tmp_path)
    data = load_data(project)
    assert data.task == "classification" and data.labels == ["no", "yes"]
    assert data.features == ["a", "b"]
    train = data.x[data.train_idx]
    assert torch.allclose(train.mean(0), torch.zeros(2), atol=1e-5)
    mean = data.normalization["mean"]
    raw_train_a = [float(i) for i in data.train_idx.tolist()]
    assert mean[0] == pytest.approx(sum(raw_train_a) / len(raw_train_a), rel=1e-5)


def test_csv_task_inference_and_feature_choice(tmp_path):
    rows = "\n".join(f"{i},{i * 0.5},{i * 1.5 + 0.25}" for i in range(40))
    path = write(tmp_path / "r.csv", "a,b,y\n" + rows + "\n")
    data = load_data({"source": "csv", "path": str(path), "target": "y", "features": ["b"]})
    assert data.task == "regression" and data.sample_shape == (1,) and data.target_shape == (1,)
    few = load_data({"source": "csv", "path": str(path), "target": "a", "task": "regression"})
    assert few.task == "regression"
    auto = load_data({"source": "csv", "path": str(path), "target": "y", "task": "auto"})
    assert auto.task == "regression"  # "auto" (the form's default) infers, as if left out


def test_csv_non_numeric_value_names_line_and_column(tmp_path):
    path = write(tmp_path / "bad.csv", "x1,x2,y\n1,2,0\n3,abc,1\n")
    with pytest.raises(DataError) as err:
        load_data({"source": "csv", "path": str(path), "target": "y"})
    assert err.value.row == 3 and err.value.column == "x2"
    assert (
        str(err.value)
        == f"{path}, line 3, column 'x2': value is not a number, but the column holds numbers"
    )


def test_csv_missing_values_error_drop_or_mean(tmp_path):
    path = write(tmp_path / "m.csv", "x1,x2,y\n1,2,0\n3,,1\n5,6,0\n7,8,1\n")
    with pytest.raises(DataError, match=r"line 3, column 'x2': value is missing"):
        load_data({"source": "csv", "path": str(path), "target": "y"})
    dropped = load_data({"source": "csv", "path": str(path), "target": "y", "missing": "drop"})
    assert len(dropped.x) == 3
    filled = load_data(
        {
            "source": "csv",
            "path": str(path),
            "target": "y",
            "missing": "mean",
            "normalize": False,
            "validation_split": 0,
        }
    )
    assert filled.x[1, 1].item() == pytest.approx((2 + 6 + 8) / 3)


def test_csv_ragged_row_and_unknown_target(tmp_path):
    path = write(tmp_path / "r.csv", "a,b\n1,2\n3\n")
    with pytest.raises(DataError, match=r"line 3: has 1 cells but the header has 2"):
        load_data({"source": "csv", "path": str(path), "target": "b"})
    write(path, "a,b\n1,2\n")
    with pytest.raises(DataError, match="no target column 'label'; columns are a, b"):
        load_data({"source": "csv", "path": str(path), "target": "label"})


def test_npz(tmp_path):
    np.savez(tmp_path / "d.npz", inputs=np.ones((10, 3), np.float32), y=np.arange(10) % 2)
    data = load_data({"source": "npz", "path": str(tmp_path / "d.npz"), "x": "inputs"})
    assert data.sample_shape == (3,) and data.num_classes == 2 and data.y.dtype == torch.int64
    with pytest.raises(DataError, match="no array 'x'; the file holds inputs, y"):
        load_data({"source": "npz", "path": str(tmp_path / "d.npz")})


def test_image_folders(tmp_path):
    for k, name in enumerate(["cat", "dog"]):
        (tmp_path / "img" / name).mkdir(parents=True)
        for i in range(3):
            Image.new("RGB", (20, 10), (k * 200, i * 50, 0)).save(
                tmp_path / "img" / name / f"{i}.png"
            )
    (tmp_path / "img" / "dog" / "notes.txt").write_text("ignored")
    data = load_data({"source": "images", "path": str(tmp_path / "img"), "size": 8, "channels": 1})
    assert data.sample_shape == (1, 8, 8) and data.labels == ["cat", "dog"]
    assert data.y.tolist() == [0, 0, 0, 1, 1, 1]
    assert data.x.dtype == torch.uint8  # 4x smaller than float32; scaled per batch
    pixels = data.inputs(torch.arange(6))
    assert pixels.dtype == torch.float32 and pixels.min() >= 0 and pixels.max() <= 1
    (tmp_path / "img" / "dog" / "broken.png").write_bytes(b"not a png")
    with pytest.raises(DataError, match=r"broken\.png: cannot read the image"):
        load_data({"source": "images", "path": str(tmp_path / "img"), "size": 8})


def idx_bytes(array: np.ndarray) -> bytes:
    head = bytes([0, 0, 0x08, array.ndim]) + b"".join(struct.pack(">I", d) for d in array.shape)
    return head + array.astype(np.uint8).tobytes()


def test_idx_plain_and_gzip_and_reshaped_to_the_input(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, (12, 4, 4))
    labels = np.arange(12) % 3
    (tmp_path / "x.idx").write_bytes(idx_bytes(images))
    (tmp_path / "y.idx.gz").write_bytes(gzip.compress(idx_bytes(labels)))
    section = {"source": "idx", "images": "x.idx", "labels": "y.idx.gz"}
    project = mlp(section, inputs=16, outputs=3, folder=tmp_path)
    data = load_data(project)
    assert data.sample_shape == (16,) and data.num_classes == 3
    first = data.inputs(torch.tensor([0]))[0]
    assert first.tolist() == pytest.approx((images[0].reshape(-1) / 255).tolist())


def test_truncated_idx_is_a_clear_error(tmp_path):
    (tmp_path / "x.idx").write_bytes(idx_bytes(np.zeros((10, 4, 4)))[:-7])
    (tmp_path / "y.idx").write_bytes(idx_bytes(np.zeros(10)))
    with pytest.raises(DataError) as err:
        load_data({"source": "idx", "images": "x.idx", "labels": "y.idx"}, base_dir=tmp_path)
    assert str(err.value) == (
        f"{tmp_path / 'x.idx'}: truncated: the header promises [10, 4, 4] values (160 bytes) "
        "but only 153 bytes follow"
    )


def test_text_is_shifted_ascii_windows(tmp_path):
    write(tmp_path / "c.txt", "hello wörld, hello again")
    data = load_data({"source": "text", "path": str(tmp_path / "c.txt"), "context": 5, "stride": 5})
    assert data.sample_shape == (5,) and data.x.dtype == torch.int64 and data.num_classes == 128
    assert decode(data.x[0]) == "hello" and decode(data.y[0]) == "ello "
    assert decode(data.x[1]) == " w?rl"


def test_unknown_source():
    with pytest.raises(
        DataError, match=r"data\.source: unknown source 'sql'; choose one of synthetic, csv"
    ):
        load_data({"source": "sql"})


@pytest.mark.parametrize("name", ["shapes", "digits"])
def test_a_ten_class_cnn_learns_the_drawn_image_sets(name):
    layers = [
        ("c1", "Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1}),
        ("a1", "ReLU", {}),
        ("p1", "MaxPool2d", {"kernel_size": 2}),
        ("c2", "Conv2d", {"out_channels": 32, "kernel_size": 3, "padding": 1}),
        ("a2", "ReLU", {}),
        ("p2", "MaxPool2d", {"kernel_size": 2}),
        ("flat", "Flatten", {}),
        ("fc", "Linear", {"out_features": 10}),
    ]
    data = {"source": "synthetic", "name": name, "samples": 1500}
    settings = {"epochs": 6, "optimizer": {"type": "Adam", "lr": 0.003}}
    project = chain([1, 16, 16], layers, data, None, settings)
    dataset = load_data(project)
    assert dataset.num_classes == 10 and dataset.x.dtype == torch.uint8
    assert sorted(set(dataset.y.tolist())) == list(range(10))
    result = engine.train(project, device="cpu")
    assert result.history["val_accuracy"][-1] >= 0.7  # chance is 0.1


def test_drawn_images_take_any_channel_count_and_refuse_eleven_classes():
    # 4 channels, the most the data schema takes (choices.DATA_MORE), not only 1 or 3
    five = load_data({"source": "synthetic", "name": "shapes", "samples": 20, "channels": 4})
    assert five.sample_shape == (4, 16, 16)
    assert not torch.equal(five.x[:, 0], five.x[:, 1])  # each channel has its own colour
    with pytest.raises(DataError, match="digits needs classes 2 to 10, channels >= 1"):
        load_data({"source": "synthetic", "name": "digits", "samples": 20, "classes": 11})


def test_drawing_the_same_set_again_gives_an_equal_independent_copy():
    """The warm-up's drawing serves the first run (engine.data.drawn keeps the last set)."""
    section = {"source": "synthetic", "name": "shapes", "samples": 30, "seed": 3}
    first = load_data(section).x
    first.zero_()  # a run may change its tensors in place: the kept copy must not change
    again = load_data(section).x
    other = load_data({**section, "seed": 4}).x
    assert again.any() and not torch.equal(again, other)
    assert torch.equal(again, load_data(section).x)


def test_a_set_drawn_by_two_threads_at_once_is_drawn_once(monkeypatch):
    """A run started while the app's warm-up draws the same set waits for those images."""
    from engine.data import drawn

    calls: list[int] = []
    real_draw = drawn._draw

    def counted(*args, **kwargs):
        calls.append(1)
        return real_draw(*args, **kwargs)

    monkeypatch.setattr(drawn, "_draw", counted)
    section = {"source": "synthetic", "name": "shapes", "samples": 400, "seed": 97}
    start = threading.Barrier(2)
    results: list[torch.Tensor] = []

    def load() -> None:
        start.wait()
        results.append(load_data(section).x)

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert torch.equal(results[0], results[1])
