"""The choices a project's `data` and `training` sections offer, as ParamSpec tables.

Pure Python (no torch), so the GUI builds its forms from them at startup and the engine
checks names against the same tuples (engine.optim, engine.metrics, engine.data).
"""

from __future__ import annotations

from engine.layers.spec import ParamSpec

P = ParamSpec

OPTIMIZERS: dict[str, tuple[ParamSpec, ...]] = {
    "SGD": (
        P("lr", "float", 0.01, "learning rate", min=0.0),
        P("momentum", "float", 0.0, "fraction of the last step kept", min=0.0, max=1.0),
        P("weight_decay", "float", 0.0, "L2 penalty", min=0.0),
        P("nesterov", "bool", False, "Nesterov momentum (needs momentum > 0)"),
    ),
    "Adam": (
        P("lr", "float", 0.001, "learning rate", min=0.0),
        P("weight_decay", "float", 0.0, "L2 penalty", min=0.0),
        P("amsgrad", "bool", False, "use the AMSGrad variant"),
    ),
    "AdamW": (
        P("lr", "float", 0.001, "learning rate", min=0.0),
        P("weight_decay", "float", 0.01, "decoupled weight decay", min=0.0),
        P("amsgrad", "bool", False, "use the AMSGrad variant"),
    ),
    "RMSprop": (
        P("lr", "float", 0.01, "learning rate", min=0.0),
        P("alpha", "float", 0.99, "smoothing of the squared gradient", min=0.0, max=1.0),
        P("momentum", "float", 0.0, "fraction of the last step kept", min=0.0, max=1.0),
        P("weight_decay", "float", 0.0, "L2 penalty", min=0.0),
    ),
    "Adagrad": (
        P("lr", "float", 0.01, "learning rate", min=0.0),
        P("weight_decay", "float", 0.0, "L2 penalty", min=0.0),
    ),
}

CLASS_LOSSES = ("CrossEntropyLoss", "NLLLoss")
BINARY_LOSSES = ("BCEWithLogitsLoss", "BCELoss")
VALUE_LOSSES = ("MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss")
LOSSES = CLASS_LOSSES + BINARY_LOSSES + VALUE_LOSSES


def auto_loss(task: str, output_shape: tuple[int, ...]) -> str:
    """The loss "auto" trains with: cross-entropy over class scores, binary cross-entropy
    on one logit, mean squared error for values. One rule for training and for the help."""
    if task == "classification":
        return "BCEWithLogitsLoss" if tuple(output_shape) == (1,) else "CrossEntropyLoss"
    return "MSELoss"


SCHEDULERS: dict[str, tuple[ParamSpec, ...]] = {
    "StepLR": (
        P("step_size", "int", 10, "epochs between decays", min=1),
        P("gamma", "float", 0.1, "factor per decay", min=0.0),
    ),
    "ExponentialLR": (P("gamma", "float", 0.95, "factor per epoch", min=0.0),),
    "CosineAnnealingLR": (P("eta_min", "float", 0.0, "lowest learning rate", min=0.0),),
    "OneCycleLR": (P("pct_start", "float", 0.3, "share of steps rising", min=0.0, max=1.0),),
    "ReduceLROnPlateau": (
        P("factor", "float", 0.1, "factor when the loss stalls", min=0.0, max=1.0),
        P("patience", "int", 10, "epochs without improvement first", min=0),
    ),
}

METRICS = ("accuracy", "top5_accuracy", "mae", "rmse", "r2")
CLASS_METRICS = ("accuracy", "top5_accuracy")
PRECISIONS = ("fp32", "bf16", "fp16")
COMPILE = (False, True, "auto")

TRAINING: tuple[ParamSpec, ...] = (
    P("epochs", "int", 10, "passes over the training data", min=1, max=1_000_000),
    P("batch_size", "int", 32, "samples per step", min=1, max=1_000_000),
    P("seed", "int", 0, "seed for initial weights and shuffling", min=0),
    P("precision", "choice", "fp32", "number format of the forward pass", choices=PRECISIONS),
    P("grad_clip", "float", None, "clip the gradient norm to this", min=0.0, nullable=True),
    P(
        "num_threads",
        "int",
        None,
        "CPU threads for torch (empty: chosen from the cores free when the run starts)",
        min=1,
        max=4096,
        nullable=True,
    ),
    P(
        "compile",
        "choice",
        False,
        "run the train step through torch.compile (auto: on a GPU, when the run repays it)",
        choices=COMPILE,
    ),
)

EARLY_STOPPING: tuple[ParamSpec, ...] = (
    P("patience", "int", 5, "epochs without improvement before stopping", min=1),
    P("min_delta", "float", 0.0, "smallest change that counts", min=0.0),
)

SYNTHETIC: dict[str, str] = {
    "blobs": "Gaussian clusters, one per class",
    "moons": "two interleaving half circles (2 features)",
    "spirals": "interleaved spiral arms (2 features)",
    "xor": "class 1 where the coordinates' signs differ (2 features)",
    "regression": "sum of sines plus a square (regression)",
    "shapes": "small images of up to 10 shapes (circle, square, triangle, plus, ring, ...)",
    "digits": "small images of the digits 0-9 at random places, sizes and angles",
    "sequence": "series: rising vs falling, parity, or sum",
}

CACHES = ("auto", "memory", "disk", "none")
CACHE = P(
    "cache",
    "choice",
    "auto",
    "memory: decoded once into RAM; disk: a memory-mapped cache; none: decoded per epoch",
    choices=CACHES,
)

# Keys of a data section per source beyond `source`; sizes left out come from the graph.
DATA: dict[str, tuple[ParamSpec, ...]] = {
    "synthetic": (
        P("name", "choice", "blobs", "which generated data set", choices=tuple(SYNTHETIC)),
        P("samples", "int", 1000, "how many samples", min=2, max=10_000_000),
        P("noise", "float", None, "noise level (empty: the set's default)", nullable=True),
        P("classes", "int", None, "classes (blobs, spirals, shapes, digits)", min=2, nullable=True),
        P("features", "int", None, "features (blobs, regression)", min=1, nullable=True),
        P("task", "choice", "trend", "sequence task", choices=("trend", "parity", "sum")),
    ),
    "csv": (
        P("path", "str", "", "CSV file with a header row"),
        P("target", "str", "", "column to predict"),
        P(
            "task",
            "choice",
            "auto",
            "what the target is",
            choices=("auto", "classification", "regression"),
        ),
        P("missing", "choice", "error", "empty cells", choices=("error", "drop", "mean")),
    ),
    "npz": (
        P("path", "str", "", "NumPy .npz archive"),
        P("x", "str", "x", "array of samples (or a .npy file when path is empty)"),
        P("y", "str", "y", "array of targets (or a .npy file when path is empty)"),
    ),
    "images": (
        P("path", "str", "", "folder with one sub-folder per class"),
        P("size", "int", 32, "images are resized to size x size", min=4, max=4096),
        P("channels", "choice", 3, "1 grey or 3 RGB", choices=(1, 3)),
        CACHE,
    ),
    "idx": (
        P("images", "str", "", "IDX images file (MNIST format)"),
        P("labels", "str", "", "IDX labels file"),
    ),
    "text": (
        P("path", "str", "", "UTF-8 text file"),
        P("context", "int", 64, "characters per sample", min=1, max=100_000),
    ),
}
SOURCES = tuple(DATA)
SPLIT = P("validation_split", "float", 0.2, "share of samples held out", min=0.0, max=0.95)

# The `augment` list of a data section: {"type": name, **params}. Random ones touch only
# training batches; normalize applies to every batch and is saved with the weights.
AUGMENTATIONS: dict[str, tuple[ParamSpec, ...]] = {
    "random_crop": (P("padding", "int", 4, "zero pixels added on each side", min=1, max=512),),
    "random_resized_crop": (
        P("scale", "float", 0.5, "smallest share of the area kept", min=0.05, max=1.0),
        P("ratio", "float", 1.33, "largest change of aspect ratio", min=1.0, max=4.0),
    ),
    "hflip": (P("p", "float", 0.5, "chance of a left-right flip", min=0.0, max=1.0),),
    "vflip": (P("p", "float", 0.5, "chance of an upside-down flip", min=0.0, max=1.0),),
    "rotation": (P("degrees", "float", 15.0, "largest turn either way", min=0.0, max=180.0),),
    "color_jitter": (
        P("brightness", "float", 0.2, "largest brightness change (share)", min=0.0, max=1.0),
        P("contrast", "float", 0.2, "largest contrast change (share)", min=0.0, max=1.0),
        P("saturation", "float", 0.2, "largest saturation change (share)", min=0.0, max=1.0),
        P("hue", "float", 0.0, "largest hue shift (turns)", min=0.0, max=0.5),
    ),
    "gaussian_noise": (P("std", "float", 0.05, "noise standard deviation", min=0.0),),
    "normalize": (
        P("mean", "floats", None, "per channel (empty: measured on training data)", nullable=True),
        P("std", "floats", None, "per channel (empty: measured on training data)", nullable=True),
    ),
}
IMAGE_AUGMENTATIONS = (
    "random_crop",
    "random_resized_crop",
    "hflip",
    "vflip",
    "rotation",
    "color_jitter",
)
# Keys the forms set their own way (the device picker, column pickers) or leave to the
# file; the typed settings (engine.config) check them like the tables above.
TRAINING_MORE: tuple[ParamSpec, ...] = (
    P("device", "str", "auto", "auto, cpu, cuda, cuda:N or mps (checked when training)"),
    P("shuffle", "bool", True, "shuffle the training rows every epoch"),
)
GRAD_CLIP: tuple[ParamSpec, ...] = (  # grad_clip as an object: torch's clip_grad_norm_ kwargs
    P("max_norm", "float", None, "largest gradient norm", min=0.0, nullable=True),
    P("norm_type", "float", 2.0, "which norm (2: Euclidean)", min=0.0),
)
EARLY_STOPPING_MORE: tuple[ParamSpec, ...] = (
    P("monitor", "str", "val_loss", "history value to watch (val_loss, val_accuracy, ...)"),
    P("mode", "choice", "auto", "lower or higher is better", choices=("auto", "min", "max")),
)
DATA_COMMON: tuple[ParamSpec, ...] = (
    SPLIT,
    P("seed", "int", 0, "seed for generating and splitting the data", min=0),
)
DATA_MORE: dict[str, tuple[ParamSpec, ...]] = {
    "synthetic": (
        P("size", "int", None, "image side (shapes)", min=4, max=4096, nullable=True),
        P("channels", "int", None, "image channels (shapes)", min=1, max=4, nullable=True),
        P("length", "int", None, "steps per series (sequence)", min=2, max=100_000, nullable=True),
    ),
    "csv": (
        P("features", "strs", None, "feature columns (empty: all but the target)", nullable=True),
        P("normalize", "bool", True, "standardise the features"),
    ),
    "npz": (
        P(
            "task",
            "choice",
            None,
            "what the targets are (empty: integer targets are classes)",
            choices=("classification", "regression"),
            nullable=True,
        ),
    ),
    "text": (P("stride", "int", None, "characters between samples", min=1, nullable=True),),
}
# Data keys that name a file, or a folder, relative to the project file.
DATA_FILES: dict[str, tuple[str, ...]] = {
    "csv": ("path",),
    "npz": ("path",),
    "idx": ("images", "labels"),
    "text": ("path",),
}
DATA_FOLDERS: dict[str, tuple[str, ...]] = {"images": ("path",)}
