"""Any CSV a user points LayerLab at loads or is refused with a DataError naming the file,
never another exception; and what `check` says of its width is what training loads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from training_projects import mlp

import engine
from engine.data import DataError, load_data
from engine.datafit import describe

CELLS = st.one_of(
    st.integers(-5, 5).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", "NA", "?", "red", "blue", "Green", " red ", "1e999", "-inf"]),
    st.text(min_size=1, max_size=6),
)


@st.composite
def tables(draw) -> str:
    features = draw(st.lists(st.sampled_from("abcd"), min_size=0, max_size=3, unique=True))
    header = features.copy()
    header.insert(draw(st.integers(0, len(features))), "y")
    if draw(st.booleans()):  # now and then a header that is itself wrong
        header = draw(st.lists(st.sampled_from("abcdy"), min_size=1, max_size=4))
    width = len(header)
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), min_size=0, max_size=12))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=tables(), missing=st.sampled_from(["error", "drop", "mean"]))
def test_any_csv_loads_or_is_a_data_error_and_check_agrees(tmp_path: Path, text, missing):
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    data = {"source": "csv", "path": "d.csv", "target": "y", "missing": missing}
    project = mlp(data, inputs=1, outputs=1, folder=tmp_path)
    engine.fit_problems(project)  # never raises: a file it cannot read is a warning
    try:
        dataset = load_data(project)
    except DataError as err:
        assert str(err).startswith(str(path)) or str(err).startswith("the ")
        event(f"refused: {err.detail.split(';')[0][:40]}")
        return
    event("loaded")
    facts = describe(data, tmp_path, {})
    if facts.sample_shape is not None:
        assert facts.sample_shape == dataset.sample_shape
