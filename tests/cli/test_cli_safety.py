"""The CLI as an unlucky user meets it: typos, Ctrl+C, failing ranks, outputs that
would overwrite inputs, odd predict inputs, data outside the project folder, file modes
and temp files. Real processes, real files."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hostile_files import ROOT, layerlab, tiny_project

import engine
from engine.atomic import TEMP_SUFFIX, atomic_write_text


def assert_error(done: subprocess.CompletedProcess[str], status: int, message: str) -> None:
    assert done.returncode == status, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == f"layerlab: error: {message}"


# -- commands ---------------------------------------------------------------------------


def test_mistyped_command_is_an_error_not_a_window(tmp_path):
    project = tiny_project(tmp_path)
    done = layerlab("trian", project.name, cwd=tmp_path, timeout=30)
    commands = "summary, check, train, lr-find, predict, devices, export, import"
    assert_error(done, 2, f"unknown command 'trian' (did you mean 'train'?); commands: {commands}")
    far = layerlab("frobnicate", cwd=tmp_path, timeout=30)
    assert_error(far, 2, f"unknown command 'frobnicate'; commands: {commands}")


def test_file_arguments_still_open_the_app():
    from engine.cli import _looks_like_file

    assert _looks_like_file("model.layerlab")  # a project path, even before it exists
    assert _looks_like_file("projects/model")
    assert _looks_like_file(str(ROOT / "resources"))  # exists
    assert not _looks_like_file("trian")


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path, examples_dir):
    """`layerlab summary FILE | head -1`: the closed pipe is no traceback and no
    'internal error', just an early end."""
    project = examples_dir / "residual_cnn.layerlab"
    command = f'"{sys.executable}" -m engine.cli summary "{project}" | head -c 10'
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.stdout == "Residual C"
    assert done.stderr == ""
    assert done.returncode in (0, 1)  # 1 when the pipe closed before the last write


def wait_for_torch(pid: int, timeout: float = 60) -> None:
    """Return once the process has started loading torch's library (mid start-up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "libtorch" in Path(f"/proc/{pid}/maps").read_text():
            return
        time.sleep(0.005)
    raise AssertionError("torch was never loaded")


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see torch load")
@pytest.mark.parametrize("after", [0.0, 0.25, 0.5, 1.0, 1.5])
def test_ctrl_c_during_start_up_prints_no_traceback(tmp_path, after):
    """SIGINT while torch loads, later while modules import and the data and model are set
    up, or once training runs (it stops and saves): each ends in 130, never a signal death
    (a Ctrl+C inside a dataclass's generated code used to end `python -m` by SIGINT)."""
    project = tiny_project(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "train", str(project), "--epochs", "100000"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
    )
    wait_for_torch(process.pid)
    time.sleep(after)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert process.returncode == 130, (out, err)


def test_failing_rank_reports_its_own_message_and_status(tmp_path):
    project = tiny_project(tmp_path, source="csv", path="missing.csv", target="y")
    done = layerlab("train", str(project), "--nproc", "2", cwd=tmp_path, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "ChildFailedError" not in done.stderr and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("layerlab: error:")]
    assert errors == [f"layerlab: error: {tmp_path / 'missing.csv'}: no such file"]


# -- outputs never replace inputs -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["export", "tiny.layerlab", "--format", "python", "-o", "tiny.layerlab"],
            "-o tiny.layerlab is also the model file",
        ),
        (
            ["train", "tiny.layerlab", "--out", "tiny.layerlab"],
            "--out tiny.layerlab is also the project",
        ),
        (
            ["train", "tiny.layerlab", "--checkpoint", "./tiny.layerlab"],
            "--checkpoint tiny.layerlab is also the project",
        ),
        (
            ["train", "tiny.layerlab", "--out", "w.safetensors", "--checkpoint", "w.safetensors"],
            "--checkpoint w.safetensors is also --out",
        ),
        (["train", "tiny.layerlab", "--out", "d.csv"], "--out d.csv is also the data file d.csv"),
        (
            ["train", "tiny.layerlab", "--run-dir", "run", "--out", "run/weights.safetensors"],
            "--out run/weights.safetensors is also the run folder's weights.safetensors",
        ),
        (["predict", "w.safetensors", "d.csv", "-o", "d.csv"], "-o d.csv is also the input"),
    ],
)
def test_an_output_that_is_an_input_is_refused_and_nothing_changes(tmp_path, args, message):
    (tmp_path / "d.csv").write_text("a,b,c,d,y\n" + "1,2,3,4,0\n5,6,7,8,1\n" * 10)
    tiny_project(tmp_path, source="csv", path="d.csv", target="y")
    (tmp_path / "w.safetensors").write_bytes(b"weights")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    done = layerlab(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "writing it would destroy it" in done.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_resuming_into_the_same_checkpoint_carries_the_run_on(tmp_path):
    project = tiny_project(tmp_path)
    assert layerlab("train", project.name, "--epochs", "1", cwd=tmp_path).returncode == 0
    first = (tmp_path / "tiny.ckpt.json").read_text()
    done = layerlab(
        "train", project.name, "--epochs", "2", "--resume", "tiny.ckpt.safetensors", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "resuming after epoch 1" in done.stdout
    assert json.loads((tmp_path / "tiny.ckpt.json").read_text())["epoch"] == 2
    assert json.loads(first)["epoch"] == 1
    refused = layerlab("train", project.name, "--out", "tiny.ckpt.safetensors", "--resume",
                       "tiny.ckpt.safetensors", "--no-checkpoint", cwd=tmp_path)  # fmt: skip
    assert "--out tiny.ckpt.safetensors is also the checkpoint to resume" in refused.stderr


# -- predict inputs ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def weights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("weights")
    project = engine.load_project(tiny_project(folder))
    engine.train(project, epochs=1).save(folder / "w.safetensors")
    return folder / "w.safetensors"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "folder.npy", "folder.npy: is a folder, not a file"),
        (lambda d: Path("/dev/zero"), "/dev/zero: is not a regular file"),
        (lambda d: save(d / "s.npy", np.float32(3)), "s.npy: holds a single value"),
        (lambda d: save(d / "t.npy", np.array(["a", "b"])), "t.npy: holds str32 values"),
        (
            lambda d: save(d / "w.npy", np.zeros((2, 5), np.float32)),
            "samples have 5 values but the model takes 4 (shape (4,))",
        ),
        (lambda d: save(d / "n.npy", np.full((2, 4), np.nan)), "sample 0 holds NaN or infinite"),
        (lambda d: save(d / "e.npy", np.zeros((0, 4))), "e.npy: holds no samples"),
    ],
)
def test_predict_refuses_inputs_it_cannot_use(weights, tmp_path, make, message):
    (tmp_path / "folder.npy").mkdir()
    source = make(tmp_path)
    done = layerlab("predict", str(weights), str(source), "-o", "p.csv", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and message in done.stderr
    assert not (tmp_path / "p.csv").exists()


def save(path: Path, array: np.ndarray) -> Path:
    np.save(path, array)
    return path


# -- data outside the project's folder --------------------------------------------------


def test_check_warns_when_data_lies_outside_the_project_folder(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "creds.csv").write_text("a,b,c,user,api_key\n")  # 4 features fit its Input
    folder = tmp_path / "downloaded"
    folder.mkdir()
    project = tiny_project(folder, source="csv", path="../secret/creds.csv", target="api_key")
    done = layerlab("check", str(project), cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (
        f"{project}: warning: the data file {secret / 'creds.csv'} lies outside the project's "
        "folder; training reads it and stores its class names in the weights. Train only if "
        "you trust this project" in done.stdout
    )
    inside = tiny_project(folder, "inside.layerlab", source="csv", path="d.csv", target="y")
    assert "outside" not in layerlab("check", str(inside), cwd=tmp_path, timeout=60).stdout


# -- file modes and temp files ------------------------------------------------------------


def test_saves_follow_the_umask_for_new_files_and_keep_the_mode_they_replace(tmp_path):
    project = tiny_project(tmp_path)
    done = subprocess.run(
        f"umask 022 && {sys.executable} -m engine.cli train {project.name} --epochs 1 "
        "--out w.safetensors",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    for name in ("w.safetensors", "w.ckpt.safetensors", "w.ckpt.json"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name
    loaded = engine.load_project(project)
    project.chmod(0o640)
    engine.save_project(loaded, project)
    assert stat.S_IMODE(project.stat().st_mode) == 0o640


def test_temp_names_are_unique_and_stale_ones_are_removed(tmp_path):
    target = tmp_path / "p.layerlab"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f".p.layerlab.{int(dead.stdout)}.0badc0de{TEMP_SUFFIX}"
    stale.write_text("left by kill -9")
    alive = tmp_path / f".p.layerlab.{os.getppid()}.12345678{TEMP_SUFFIX}"
    alive.write_text("another run is writing this right now")
    atomic_write_text(target, "one")
    assert target.read_text() == "one"
    assert not stale.exists()  # its process is gone
    assert alive.exists()  # its process runs: never touched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, alive.name])


# -- a full disk --------------------------------------------------------------------------


def tiny_filesystem_available() -> str | None:
    """Why a 1 MB tmpfs cannot be mounted here (a private mount namespace), or None."""
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         "mount -t tmpfs -o size=1m tmpfs /mnt"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    return None if probe.returncode == 0 else f"cannot mount a tmpfs: {probe.stderr.strip()}"


def run_on_tiny_disk(
    script: str, folder: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `script` (sh) with `folder/disk` a 64 KB tmpfs, in a private mount namespace."""
    (folder / "disk").mkdir()
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         f"mount -t tmpfs -o size=64k tmpfs disk && {script}"],
        cwd=folder,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "TMPDIR": str(folder)},
        timeout=300,
    )  # fmt: skip


@pytest.mark.skipif(bool(reason := tiny_filesystem_available()), reason=str(reason))
def test_disk_full_keeps_the_trained_model_and_saves_it_elsewhere(tmp_path):
    """A 64 KB disk holds the project but not the 100 KB+ weights: the trained model is
    written to the temp folder instead, the user is told how much space was needed, and
    the full disk keeps no partial file."""
    project = tiny_project(tmp_path, name="p.layerlab")
    wide = json.loads(project.read_text())
    wide["graph"]["nodes"][1]["params"]["out_features"] = 8000
    project.write_text(json.dumps(wide))
    python = sys.executable
    done = run_on_tiny_disk(
        f"{python} -m engine.cli train p.layerlab --epochs 1 --out disk/w.safetensors "
        "--no-checkpoint; echo status=$?; ls -a disk",
        tmp_path,
    )
    assert "status=0" in done.stdout, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "disk/w.safetensors: not enough space on the disk to save (it needs about" in done.stdout
    rescued = tmp_path / "layerlab-rescued-w.safetensors"
    assert f"saving it to {rescued} instead" in done.stdout
    assert f"weights saved to {rescued}" in done.stdout
    assert done.stdout.split("status=0")[1].split() == [".", ".."]  # no partial or temp file
    model = engine.load_model(rescued)
    assert model.layer("fc").out_features == 8000


@pytest.mark.skipif(bool(reason := tiny_filesystem_available()), reason=str(reason))
def test_export_on_a_full_disk_leaves_no_empty_file(tmp_path):
    project = tiny_project(tmp_path, name="p.layerlab")
    wide = json.loads(project.read_text())
    wide["graph"]["nodes"] = [
        *wide["graph"]["nodes"][:-1],
        *({"id": f"x{i}", "type": "ReLU"} for i in range(3000)),
        wide["graph"]["nodes"][-1],
    ]
    ids = [n["id"] for n in wide["graph"]["nodes"]]
    wide["graph"]["edges"] = [{"from": a, "to": b} for a, b in itertools.pairwise(ids)]
    project.write_text(json.dumps(wide))
    done = run_on_tiny_disk(
        f"{sys.executable} -m engine.cli export p.layerlab -o disk/m.py; echo status=$?; "
        "ls -a disk",
        tmp_path,
    )
    assert "status=2" in done.stdout, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "disk/m.py: cannot write: not enough space on the disk" in done.stderr
    assert done.stdout.split("status=2")[1].split() == [".", ".."]


@pytest.mark.skipif(bool(reason := tiny_filesystem_available()), reason=str(reason))
def test_checkpoints_on_a_full_disk_are_skipped_and_training_goes_on(tmp_path):
    project = tiny_project(tmp_path, name="p.layerlab")
    wide = json.loads(project.read_text())
    wide["graph"]["nodes"][1]["params"]["out_features"] = 8000
    project.write_text(json.dumps(wide))
    done = run_on_tiny_disk(
        f"{sys.executable} -m engine.cli train p.layerlab --epochs 2 --out w.safetensors "
        "--checkpoint disk/c.safetensors; echo status=$?; ls -a disk",
        tmp_path,
    )
    assert "status=0" in done.stdout, (done.stdout, done.stderr)
    assert (
        "layerlab: warning: disk/c.safetensors: not enough space on the disk to save "
        "(it needs about 755.0 KB, 64.0 KB free); training goes on without checkpoints"
        in done.stdout
    )
    assert "epoch 2/2" in done.stdout and "weights saved to w.safetensors" in done.stdout
    assert done.stdout.split("status=0")[1].split() == [".", ".."]
    assert engine.load_model(tmp_path / "w.safetensors").layer("fc").out_features == 8000
