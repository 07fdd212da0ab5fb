"""`layerlab devices [--json]`: the devices training can use (`--device` names)."""

from __future__ import annotations

import argparse
import dataclasses
import json

from engine.devices import list_devices, resolve_device


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "devices",
        help="list the devices training can use",
        description="List CPU, CUDA devices (with memory) and MPS; `auto` picks the first "
        "CUDA device, else MPS, else the CPU.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead")


def run(args: argparse.Namespace) -> int:
    devices = list_devices()
    auto = str(resolve_device("auto"))
    if args.json:
        rows = [dataclasses.asdict(d) for d in devices]
        print(json.dumps({"auto": auto, "devices": rows}, indent=2))
        return 0
    for device in devices:
        print(device)
    print(f"auto -> {auto}")
    return 0
