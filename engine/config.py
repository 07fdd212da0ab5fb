"""Typed `training` and `data` sections: every key checked once, with the ParamSpec tables
of engine.choices as the schema, so a bad value is one message naming its key
("training.epochs: must be an integer; got 'x'") instead of a traceback mid-run.

The project keeps the sections as the JSON the user wrote (the forms edit that, and keys
this version does not know survive a round trip); `TrainingConfig.parse` and
`DataConfig.parse` turn them into frozen objects that the rest of the engine reads.
Pure Python, no torch.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import choices
from engine.errors import ConfigError, ParamError
from engine.layers.spec import ParamSpec

TOP_K = re.compile(r"^top_?(\d{1,4}|k)_accuracy$")


class Frozen(dict[str, Any]):
    """A dict that refuses changes: parsed settings are read, never edited. Copies and
    pickles (the GUI deep-copies a project for its training thread) rebuild it."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("parsed settings are read-only; edit the project's section instead")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (Frozen, (dict(self),))


EMPTY: Mapping[str, Any] = Frozen()


def _check(specs: tuple[ParamSpec, ...], raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The keys of `raw` that `specs` declare, validated (defaults are not filled in)."""
    values = {}
    for spec in specs:
        if spec.name in raw:
            try:
                values[spec.name] = spec.validate(raw[spec.name])
            except ParamError as err:
                raise ConfigError(err.detail, f"{where}.{spec.name}") from None
    return values


def _object(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"must be an object; got {type(raw).__name__}", where)
    return raw


@dataclass(frozen=True)
class Named:
    """A torch class chosen by name plus its constructor options (optimizer, loss, ...)."""

    type: str
    options: Mapping[str, Any] = field(default_factory=lambda: EMPTY)

    @classmethod
    def parse(
        cls,
        raw: Any,
        where: str,
        names: tuple[str, ...],
        tables: Mapping[str, tuple[ParamSpec, ...]] = EMPTY,
    ) -> Named:
        """From "Adam" or {"type": "Adam", "lr": 0.01}; options the table declares are
        checked, others go to torch as they are (it names what it does not take)."""
        if isinstance(raw, str):
            raw = {"type": raw}
        if not isinstance(raw, Mapping):
            raise ConfigError(f'must be a name or an object with "type"; got {raw!r:.40}', where)
        name = raw.get("type")
        if name not in names:
            raise ConfigError(
                f"unknown type {name!r:.40}; choose one of {', '.join(names)}", f"{where}.type"
            )
        options = {k: v for k, v in raw.items() if k != "type"}
        options.update(_check(tables.get(name, ()), options, where))
        return cls(name, Frozen(options))

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, **self.options}


@dataclass(frozen=True)
class EarlyStopping:
    patience: int = 5
    min_delta: float = 0.0
    monitor: str | None = None  # None: val_loss when there is validation data, else train_loss
    mode: str = "auto"

    @classmethod
    def parse(cls, raw: Any, where: str) -> EarlyStopping | None:
        """From true, a patience, or {"patience": 3, "monitor": "val_accuracy", ...}."""
        if raw is None or raw is False:
            return None
        if raw is True:
            return cls()
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = {"patience": raw}
        raw = _object(raw, where)
        return cls(
            **_check(choices.EARLY_STOPPING + choices.EARLY_STOPPING_MORE, raw, where),
        )


@dataclass(frozen=True)
class TrainingConfig:
    """The training section, typed. `loss` and `metrics` None: chosen from the data."""

    epochs: int = 10
    batch_size: int = 32
    seed: int = 0
    precision: str = "fp32"
    grad_clip: float | None = None
    clip_norm: float = 2.0  # which norm grad_clip bounds
    device: str = "auto"
    shuffle: bool = True
    num_threads: int | None = None
    compile: bool | str = False  # True, False or "auto"
    optimizer: Named = Named("Adam")
    loss: Named | None = None
    scheduler: Named | None = None
    metrics: tuple[str, ...] | None = None
    early_stopping: EarlyStopping | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY)  # keys no table declares

    @classmethod
    def parse(cls, raw: Any, where: str = "training") -> TrainingConfig:
        raw = _object(raw, where)
        clip = raw.get("grad_clip")
        flat = {k: v for k, v in raw.items() if k != "grad_clip" or not isinstance(v, Mapping)}
        values = _check(choices.TRAINING + choices.TRAINING_MORE, flat, where)
        if isinstance(clip, Mapping):  # torch's form: {"max_norm": 1.0, "norm_type": 2.0}
            clip = _check(choices.GRAD_CLIP, clip, f"{where}.grad_clip")
            values["grad_clip"] = clip.get("max_norm")
            values["clip_norm"] = clip.get("norm_type", 2.0)
        if raw.get("optimizer") is not None:
            values["optimizer"] = Named.parse(
                raw["optimizer"],
                f"{where}.optimizer",
                tuple(choices.OPTIMIZERS),
                choices.OPTIMIZERS,
            )
        if raw.get("loss") is not None:
            values["loss"] = Named.parse(raw["loss"], f"{where}.loss", choices.LOSSES)
        if raw.get("scheduler") is not None:
            values["scheduler"] = Named.parse(
                raw["scheduler"],
                f"{where}.scheduler",
                tuple(choices.SCHEDULERS),
                choices.SCHEDULERS,
            )
        if raw.get("metrics") is not None:
            values["metrics"] = _metrics(raw["metrics"], f"{where}.metrics")
        values["early_stopping"] = EarlyStopping.parse(
            raw.get("early_stopping"), f"{where}.early_stopping"
        )
        known = {s.name for s in choices.TRAINING + choices.TRAINING_MORE} | {
            "optimizer",
            "loss",
            "scheduler",
            "metrics",
            "early_stopping",
        }
        extra = {k: v for k, v in raw.items() if k not in known}
        return cls(**values, extra=Frozen(extra))


def _metrics(raw: Any, where: str) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        raise ConfigError(f"must be a list of metric names; got {type(raw).__name__}", where)
    names = []
    for i, name in enumerate(raw):
        if not isinstance(name, str) or not (
            name.lower() in choices.METRICS or TOP_K.match(name.lower())
        ):
            raise ConfigError(
                f"unknown metric {name!r:.40}; choose from {', '.join(choices.METRICS)}",
                f"{where}[{i}]",
            )
        names.append(name.lower())
    return tuple(names)


@dataclass(frozen=True)
class DataConfig:
    """The data section, typed: its source and the keys that source declares, checked.

    `settings` holds only the keys the file gives (a loader's default may depend on the
    graph, e.g. an image size taken from the Input); `extra` the keys no table declares.
    """

    source: str | None = None  # None: the project has no data yet
    settings: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY)

    @classmethod
    def parse(cls, raw: Any, where: str = "data") -> DataConfig:
        raw = _object(raw, where)
        from engine.data.sources import get_source, source_names

        source = raw.get("source")
        if source is None:
            return cls(None, EMPTY, Frozen(dict(raw)))
        entry = get_source(source) if isinstance(source, str) else None
        if entry is None:
            raise ConfigError(
                f"unknown source {source!r:.40}; choose one of {', '.join(source_names())}",
                f"{where}.source",
            )
        settings = _check(entry.specs, raw, where)
        declared = {s.name for s in entry.specs} | {"source"}
        extra = {k: v for k, v in raw.items() if k not in declared}
        return cls(source, Frozen(settings), Frozen(extra))

    def get(self, key: str, default: Any = None) -> Any:
        """A key's value as the file gives it (checked when the source declares it)."""
        if key == "source":
            return self.source
        if key in self.settings:
            return self.settings[key]
        return self.extra.get(key, default)

    def __getitem__(self, key: str) -> Any:
        if key not in self:
            raise KeyError(key)
        return self.get(key)

    def __contains__(self, key: object) -> bool:
        return key == "source" or key in self.settings or key in self.extra

    def to_dict(self) -> dict[str, Any]:
        """The section as JSON again (a round trip keeps every key)."""
        head = {"source": self.source} if self.source is not None else {}
        return {**head, **self.settings, **self.extra}

    @property
    def files(self) -> dict[str, str]:
        """Key -> path of each data file this section names (relative to the project)."""
        return {k: self.settings[k] for k in self._entry_keys("files") if self.settings.get(k)}

    @property
    def folders(self) -> dict[str, str]:
        return {k: self.settings[k] for k in self._entry_keys("folders") if self.settings.get(k)}

    def _entry_keys(self, kind: str) -> tuple[str, ...]:
        from engine.data.sources import get_source

        entry = get_source(self.source or "")
        return getattr(entry, kind) if entry else ()

    def path_problems(self, base_dir: Path, where: str = "data") -> list[str]:
        """ "data.path: ..." for each named file or folder that is missing or of the wrong
        kind (a folder where a file belongs, a device or pipe), resolved like the loaders."""
        problems = []
        for wanted, names in (("file", self.files), ("folder", self.folders)):
            for key, name in names.items():
                path = base_dir / name
                if not path.exists():
                    problems.append(f"{where}.{key}: no such {wanted} '{name}'")
                elif wanted == "file" and not path.is_file():
                    kind = "a folder" if path.is_dir() else "not a regular file"
                    problems.append(f"{where}.{key}: '{name}' is {kind}; a file is needed")
                elif wanted == "folder" and not path.is_dir():
                    problems.append(f"{where}.{key}: '{name}' is not a folder")
        return problems
