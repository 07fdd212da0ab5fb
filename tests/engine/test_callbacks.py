"""The Trainer's seams: callbacks see every epoch's row and can end a run, early stopping
is one of them, and the confusion matrix engine.metrics computes matches a count by hand."""

from __future__ import annotations

import torch
from training_projects import mlp

from engine.callbacks import Callback, EarlyStopping
from engine.metrics import format_confusion
from engine.training import Trainer

BLOBS = {"source": "synthetic", "name": "blobs", "samples": 300, "classes": 3, "features": 4}


class StopAtAccuracy(Callback):
    """A user's own seam: stop once validation accuracy reaches a bar."""

    def __init__(self, bar: float) -> None:
        self.bar, self.rows = bar, []

    def on_epoch_end(self, trainer, epoch, row):
        self.rows.append((epoch, dict(row)))
        return row["val_accuracy"] >= self.bar


def test_a_callback_sees_each_epoch_and_can_end_the_run():
    stopper = StopAtAccuracy(0.9)
    project = mlp(BLOBS, inputs=4, outputs=3, epochs=50, optimizer={"type": "Adam", "lr": 0.05})
    result = Trainer(project, device="cpu", callbacks=[stopper]).run()
    epochs = len(result.history["train_loss"])
    assert result.status == "early_stopped" and epochs < 50
    assert [e for e, _ in stopper.rows] == list(range(epochs))
    assert stopper.rows[-1][1]["val_accuracy"] >= 0.9 > stopper.rows[-2][1]["val_accuracy"]


def test_early_stopping_is_a_callback_built_from_the_settings():
    project = mlp(
        BLOBS, inputs=4, outputs=3, epochs=40, early_stopping={"patience": 2, "min_delta": 10.0}
    )
    trainer = Trainer(project, device="cpu")
    result = trainer.run()
    assert isinstance(trainer.callbacks[0], EarlyStopping)
    # nothing improves by 10: the first epoch sets the best, two more wait, then stop
    assert result.status == "early_stopped" and len(result.history["train_loss"]) == 3


def test_confusion_matrix_counts_the_validation_rows_as_a_hand_count_does():
    trainer = Trainer(mlp(BLOBS, inputs=4, outputs=3, epochs=3), device="cpu")
    trainer.run()
    counts = trainer.confusion()
    data = trainer.data
    with torch.no_grad():
        predicted = trainer.model(data.inputs(data.val_idx)).argmax(-1)
    truth = data.y[data.val_idx]
    by_hand = [[int(((truth == t) & (predicted == p)).sum()) for p in range(3)] for t in range(3)]
    assert counts == by_hand and sum(map(sum, counts)) == data.n_val == 60
    table = format_confusion(counts, ["a", "bb", "c"]).splitlines()
    assert table[0].split() == ["a", "bb", "c", "(columns:", "predicted)"]
    assert [line.split()[0] for line in table[1:]] == ["a", "bb", "c"]
