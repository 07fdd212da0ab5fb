"""Tampered weights files and checkpoints: every CLI entry point that reads them (predict,
export, train --resume) ends with exit 2 and one `layerlab: error:` line naming the file,
never a traceback; the real CLI runs in subprocesses, a hypothesis fuzzer calls it in
process for hundreds of mutated files."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from hostile_files import deep_json, layerlab, read_all, tamper_metadata, tiny_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine import cli


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with tiny.layerlab, w.safetensors, its checkpoint w.ckpt.* (after epoch
    1), a second run's checkpoint other.ckpt.* and x.npy (5 samples of 4 features)."""
    folder = tmp_path_factory.mktemp("trained")
    project_path = tiny_project(folder)
    project = engine.load_project(project_path)
    trainer = engine.Trainer(project, epochs=1, checkpoint=folder / "w.ckpt.safetensors")
    result = trainer.run()
    result.save(folder / "w.safetensors")
    engine.Trainer(project, epochs=1, seed=7, checkpoint=folder / "other.ckpt.safetensors").run()
    np.save(folder / "x.npy", np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32))
    return folder


def run_main(*argv: str) -> tuple[int, str]:
    """engine.cli.main in this process: (exit status, stderr); an escaping exception fails."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(list(argv))
    return status, err.getvalue()


def assert_one_error_line(stderr: str, *fragments: str) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith("layerlab: error: ")]
    assert len(lines) == 1, stderr
    assert cli.INTERNAL not in lines[0], stderr
    for fragment in fragments:
        assert fragment in lines[0], stderr


def graph_of(weights: Path) -> dict:
    return json.loads(read_all(weights)[1]["layerlab.graph"])


def tampered_graph(weights: Path, how: str) -> str:
    graph = graph_of(weights)
    if how == "cycle":  # fc -> act -> fc, fed by nothing
        graph["edges"] = [e for e in graph["edges"] if e["to"] != "fc"]
        graph["edges"].append({"from": "act", "to": "fc"})
    elif how == "absurd":
        graph["nodes"][1]["params"]["out_features"] = 2_000_000_000
    return json.dumps(graph)


TAMPERED = {
    "graph JSON broken": (lambda w: {"graph": '{"nodes": ['}, "layerlab.graph is not valid JSON"),
    "format version abc": (
        lambda w: {"format_version": "abc"},
        "layerlab.format_version must be a whole number; got 'abc'",
    ),
    "newer format version": (lambda w: {"format_version": "99"}, "written by a newer LayerLab"),
    "cyclic graph": (lambda w: {"graph": tampered_graph(w, "cycle")}, "cycle"),
    "absurd sizes": (
        lambda w: {"graph": tampered_graph(w, "absurd")},
        "needs 16,000,000,003 parameters but the file holds 67 values",
    ),
    "labels not a list": (lambda w: {"labels": '{"a": 1}'}, "layerlab.labels must be a list"),
    "too many labels": (
        lambda w: {"labels": json.dumps(["x"] * 20_000)},
        "has 20,000 class names; at most 10,000",
    ),
    "normalisation of the wrong shape": (
        lambda w: {"normalization": json.dumps({"mean": [0, 0], "std": [1, 1]})},
        "layerlab.normalization does not fit the model's Input (4 values)",
    ),
    "normalisation ragged": (
        lambda w: {"normalization": json.dumps({"mean": [[0], [1, 2]], "std": [1, 1]})},
        "mean and std must be lists of numbers",
    ),
    "100k-deep graph": (lambda w: {"graph": deep_json(100_000)}, "nested too deeply"),
    "100k-deep data": (lambda w: {"data": deep_json(100_000)}, "nested too deeply"),
}


@pytest.mark.parametrize("case", list(TAMPERED))
def test_predict_refuses_tampered_weights(trained, tmp_path, case):
    changes, expected = TAMPERED[case]
    source = trained / "w.safetensors"
    weights = tamper_metadata(source, tmp_path / "t.safetensors", **changes(source))
    done = layerlab("predict", str(weights), str(trained / "x.npy"), "-o", "p.csv", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert_one_error_line(done.stderr, str(weights), expected)
    assert not (tmp_path / "p.csv").exists()


@pytest.mark.parametrize("case", list(TAMPERED))
def test_export_refuses_tampered_weights(trained, tmp_path, case):
    changes, expected = TAMPERED[case]
    source = trained / "w.safetensors"
    weights = tamper_metadata(source, tmp_path / "t.safetensors", **changes(source))
    status, stderr = run_main("export", str(weights), "-o", str(tmp_path / "m.py"))
    assert status == 2
    assert_one_error_line(stderr, str(weights), expected)
    assert not (tmp_path / "m.py").exists()


def test_export_of_tampered_weights_in_a_subprocess(trained, tmp_path):
    weights = tamper_metadata(
        trained / "w.safetensors", tmp_path / "t.safetensors", format_version="abc"
    )
    done = layerlab("export", str(weights), "-o", "m.py", cwd=tmp_path)
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "layerlab.format_version must be a whole number")
    assert not (tmp_path / "m.py").exists()


def copy_checkpoint(trained: Path, folder: Path, sidecar_text: str | None = None) -> Path:
    ckpt = folder / "c.ckpt.safetensors"
    shutil.copy(trained / "w.ckpt.safetensors", ckpt)
    text = sidecar_text if sidecar_text is not None else (trained / "w.ckpt.json").read_text()
    (folder / "c.ckpt.json").write_text(text)
    return ckpt


def sidecar(trained: Path) -> dict:
    return json.loads((trained / "w.ckpt.json").read_text())


def test_resume_refuses_a_sidecar_from_another_run(trained, tmp_path):
    """Same epoch, same graph, another run: the binding written by each save tells."""
    other = (trained / "other.ckpt.json").read_text()
    assert json.loads(other)["epoch"] == sidecar(trained)["epoch"]
    ckpt = copy_checkpoint(trained, tmp_path, other)
    done = layerlab(
        "train", str(trained / "tiny.layerlab"), "--out", "r.safetensors", "--resume", str(ckpt),
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert_one_error_line(done.stderr, str(ckpt), "come from different saves")
    assert not (tmp_path / "r.safetensors").exists()


def test_resume_from_an_untampered_checkpoint_still_works(trained, tmp_path):
    ckpt = copy_checkpoint(trained, tmp_path)
    status, stderr = run_main(
        "train", str(trained / "tiny.layerlab"), "--out", str(tmp_path / "r.safetensors"),
        "--resume", str(ckpt), "--no-checkpoint",
    )  # fmt: skip
    assert status == 0, stderr
    assert (tmp_path / "r.safetensors").exists()


SIDECARS = {
    "broken JSON": (lambda s: "{", "not a readable checkpoint"),
    "100k-deep": (lambda s: deep_json(100_000), "nested too deeply"),
    "not an object": (lambda s: "[1, 2]", "not a LayerLab checkpoint sidecar"),
    "epoch a string": (lambda s: json.dumps({**s, "epoch": "1"}), "epoch must be a whole"),
    "history of text": (
        lambda s: json.dumps({**s, "history": {"train_loss": ["a"]}}),
        "history.train_loss must be a list of numbers",
    ),
    "param groups of text": (
        lambda s: json.dumps({**s, "param_groups": [{"params": "x"}]}),
        "the optimizer settings do not fit this optimizer",
    ),
    "three betas": (
        lambda s: json.dumps(
            {**s, "param_groups": [{**s["param_groups"][0], "betas": [0.9, 0.9, 0.9]}]}
        ),
        "the optimizer settings do not fit this optimizer",
    ),
    "early stopping best text": (
        lambda s: json.dumps({**s, "early_stopping": {"best": "x", "waited": 0}}),
        "early_stopping must hold",
    ),
    "graph a list": (lambda s: json.dumps({**s, "graph": []}), "graph is missing or has"),
    "binding missing": (
        lambda s: json.dumps({k: v for k, v in s.items() if k != "binding"}),
        "binding is missing",
    ),
}


@pytest.mark.parametrize("case", list(SIDECARS))
def test_resume_refuses_tampered_sidecars(trained, tmp_path, case):
    make, expected = SIDECARS[case]
    ckpt = copy_checkpoint(trained, tmp_path, make(sidecar(trained)))
    status, stderr = run_main(
        "train", str(trained / "tiny.layerlab"), "--out", str(tmp_path / "r.safetensors"),
        "--resume", str(ckpt),
    )  # fmt: skip
    assert status == 2
    assert_one_error_line(stderr, "c.ckpt", expected)
    assert not (tmp_path / "r.safetensors").exists()


def test_resume_with_a_deep_sidecar_in_a_subprocess(trained, tmp_path):
    ckpt = copy_checkpoint(trained, tmp_path, deep_json(100_000))
    done = layerlab(
        "train", str(trained / "tiny.layerlab"), "--resume", str(ckpt), "--out", "r.safetensors",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "c.ckpt.json: nested too deeply")


# -- the property: whatever the metadata, every entry point ends cleanly --------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _set_at(doc: object, path: list[int], value: object) -> object:
    """Replace one place inside a JSON document, picked by a list of indices."""
    if not path or not isinstance(doc, (dict, list)) or not doc:
        return value
    keys = list(doc) if isinstance(doc, dict) else list(range(len(doc)))
    key = keys[path[0] % len(keys)]
    doc[key] = _set_at(doc[key], path[1:], value)  # type: ignore[index]
    return doc


def _drop_at(doc: object, path: list[int]) -> None:
    """Remove one key or item inside a JSON document, picked by a list of indices."""
    target = doc
    for i in path[:-1]:
        if not isinstance(target, (dict, list)) or not target:
            break
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        child = target[keys[i % len(keys)]]  # type: ignore[index]
        if not isinstance(child, (dict, list)) or not child:
            break
        target = child
    if isinstance(target, dict) and target:
        target.pop(list(target)[path[-1] % len(target)])
    elif isinstance(target, list) and target:
        target.pop(path[-1] % len(target))


@st.composite
def mutated_json(draw: st.DrawFn, original: object) -> str:
    """The original document with one place replaced, a key dropped, or other text."""
    how = draw(st.sampled_from(["replace", "drop", "text", "value"]))
    doc = json.loads(json.dumps(original))
    if how == "text":
        return draw(st.text(max_size=40))
    if how == "value":
        return json.dumps(draw(json_values))
    path = draw(st.lists(st.integers(0, 50), min_size=1, max_size=6))
    if how == "drop":
        _drop_at(doc, path)
        return json.dumps(doc)
    return json.dumps(_set_at(doc, path, draw(json_values)))


META_KEYS = ("graph", "format_version", "labels", "normalization", "data", "name")


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def check_weights_property(trained: Path, tmp: Path, key: str, data: st.DataObject) -> None:
    source = trained / "w.safetensors"
    meta = read_all(source)[1]
    original = meta.get("layerlab." + key, "null")
    try:
        parsed = json.loads(original)
    except json.JSONDecodeError:
        parsed = original
    text = data.draw(mutated_json(parsed))
    weights = tamper_metadata(source, tmp / "f.safetensors", **{key: text})
    for argv in (
        ["predict", str(weights), str(trained / "x.npy"), "-o", str(tmp / "p.csv")],
        ["export", str(weights), "-o", str(tmp / "m.py")],
    ):
        status, stderr = run_main(*argv)
        assert status in (0, 1, 2), (argv, stderr)
        if status:
            assert_one_error_line(stderr)


def check_sidecar_property(trained: Path, tmp: Path, data: st.DataObject) -> None:
    text = data.draw(mutated_json(sidecar(trained)))
    ckpt = copy_checkpoint(trained, tmp, text)
    status, stderr = run_main(
        "train", str(trained / "tiny.layerlab"), "--out", str(tmp / "r.safetensors"),
        "--resume", str(ckpt), "--no-checkpoint",
    )  # fmt: skip
    assert status in (0, 1, 2), stderr
    if status:
        assert_one_error_line(stderr)


@fuzz_settings(120)
@given(key=st.sampled_from(META_KEYS), data=st.data())
def test_property_any_weights_metadata_ends_cleanly(trained, tmp_path, key, data):
    check_weights_property(trained, tmp_path, key, data)


@fuzz_settings(120)
@given(data=st.data())
def test_property_any_checkpoint_sidecar_ends_cleanly(trained, tmp_path, data):
    check_sidecar_property(trained, tmp_path, data)


@pytest.mark.slow
@fuzz_settings(2000)
@given(key=st.sampled_from(META_KEYS), data=st.data())
def test_property_any_weights_metadata_ends_cleanly_long(trained, tmp_path, key, data):
    check_weights_property(trained, tmp_path, key, data)


@pytest.mark.slow
@fuzz_settings(2000)
@given(data=st.data())
def test_property_any_checkpoint_sidecar_ends_cleanly_long(trained, tmp_path, data):
    check_sidecar_property(trained, tmp_path, data)
