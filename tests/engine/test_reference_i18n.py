"""The reference in Simplified Chinese: every text a page shows has a finished translation
in resources/i18n/reference_zh_CN.ts, with the same {placeholders}, and pages come out in
Chinese when the language is set."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

import engine
from engine import i18n, reference
from engine.paths import resource
from tests.engine.reference_texts import literal_texts, reference_texts

CATALOG = resource("i18n/reference_zh_CN.ts")


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.set_language("zh_CN")
    yield
    i18n.set_language(None)


def _messages() -> dict[str, ET.Element]:
    root = ET.parse(CATALOG).getroot()
    contexts = [c for c in root.iter("context") if c.findtext("name") == reference.CONTEXT]
    assert len(contexts) == 1
    return {m.findtext("source", ""): m.find("translation") for m in contexts[0].iter("message")}


def test_every_reference_text_has_a_finished_translation() -> None:
    messages = _messages()
    texts = reference_texts()
    missing = [t for t in texts if t not in messages]
    assert not missing, f"{len(missing)} texts have no translation, e.g. {missing[:3]}"
    unfinished = [t for t in texts if messages[t].get("type") or not messages[t].text]
    assert not unfinished, f"unfinished: {unfinished[:3]}"
    stale = set(messages) - set(texts)
    assert not stale, f"texts no page uses any more: {sorted(stale)[:3]}"
    for text in texts:
        translated = messages[text].text
        assert sorted(re.findall(r"\{[^}]*\}", translated)) == sorted(
            re.findall(r"\{[^}]*\}", text)
        ), f"placeholders differ: {text!r} -> {translated!r}"


def test_reference_text_is_fixed_literal_text() -> None:
    """Templates are literals, filled in after translation (no f-strings to translate)."""
    assert "This node: {inputs} → {output}" in literal_texts()
    assert "{formula} = {worked} = {total:,}" in literal_texts()


def test_every_text_a_page_asks_for_is_in_the_catalog(chinese, monkeypatch) -> None:
    asked: set[str] = set()
    real = reference.translate

    def recording(context: str, text: str) -> str:
        asked.add(text)
        return real(context, text)

    monkeypatch.setattr(reference, "translate", recording)
    list(reference.all_pages())
    for name in ("binary_classifier", "cnn", "lstm_sequence", "transformer_lm"):
        graph = engine.load_project(resource(f"examples/{name}.layerlab")).graph
        for node_id in graph.nodes:
            reference.node_page(graph, node_id)
    catalog = i18n.catalog("zh_CN")
    assert not [t for t in asked if (reference.CONTEXT, t) not in catalog]
    assert len(asked) > 300


def test_pages_come_out_in_chinese(chinese) -> None:
    graph = engine.load_project(resource("examples/binary_classifier.layerlab")).graph
    page = reference.node_page(graph, "fc2")
    assert page.headings["formula"] == "计算内容"
    assert page.shapes is not None and page.shapes.text == "这个节点：(128,) → (64,)"
    assert page.count is not None and page.count.text.endswith("= 128 × 64 + 64 × 1 = 8,256")
    assert page.inferred == "由输入形状推算：in_features = 128"
    assert page.summary == "全连接层：在最后一维上计算 y = xW^T + b。"
    bce = reference.loss_page("BCEWithLogitsLoss")
    assert any("在它前面加 Sigmoid 是错误的" in note for note in bce.notes)
    i18n.set_language(None)
    assert reference.loss_page("BCEWithLogitsLoss").summary.startswith("Binary classification")
