"""Build the desktop bundle (`make bundle`): dist/layerlab/ with PyInstaller, then its self-test.

The bundle is built from the Python environment running this script (LayerLab installed,
plus PyInstaller from the `dev` extra) and carries that environment's torch, which must be a
CPU build: the spec leaves CUDA libraries out. constraints.txt pins torch==2.13.0; on Linux
take it from the CPU index (`pip install torch==2.13.0 --index-url
https://download.pytorch.org/whl/cpu`), as PyPI's Linux wheel is the CUDA one. Build on each
target OS: PyInstaller does not cross-compile.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "layerlab.spec"


def folder_size(path: Path) -> int:
    """Bytes of every file under path (symlinks not followed: each file counts once)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def torch_has_gpu_build() -> bool:
    """A CUDA or ROCm torch would give a bundle that cannot import torch (its GPU libraries
    are left out), so the build refuses it up front.
    """
    import torch

    return torch.version.cuda is not None or torch.version.hip is not None


def build(dist: Path, work: Path, windowed: bool = False) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder (dist/layerlab)."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
        str(SPEC),
    ]
    if windowed:
        command += ["--", "--windowed"]
    subprocess.run(command, check=True, cwd=ROOT)
    return dist / "layerlab"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="default: dist/")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="default: build/")
    parser.add_argument("--windowed", action="store_true", help="no console window")
    args = parser.parse_args(argv)
    if torch_has_gpu_build():
        print(
            "build_bundle: this environment has a GPU build of torch; install the CPU one",
            file=sys.stderr,
        )
        return 2

    start = time.monotonic()
    try:
        bundle = build(args.dist, args.work, args.windowed)
    except subprocess.CalledProcessError as err:
        print(f"build_bundle: PyInstaller failed (exit {err.returncode})", file=sys.stderr)
        return 1
    size = folder_size(bundle)
    print(f"built {bundle} in {time.monotonic() - start:.0f} s: {size / 2**20:.0f} MiB")
    executable = bundle / ("layerlab.exe" if sys.platform == "win32" else "layerlab")
    return subprocess.run([str(executable), "--self-test"], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
