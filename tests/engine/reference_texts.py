"""Every text the reference pages translate: the literals engine.reference passes to tr()
and the facts it reads (layer specs, the training choices, loss and optimizer docs).

After changing a layer's facts, run `python -m tests.engine.reference_texts
resources/i18n/reference_zh_CN.ts`: it keeps the translations, adds the new texts as
unfinished (for a translator, or Qt Linguist) and drops the unused ones."""

from __future__ import annotations

import ast
import inspect
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from engine import choices, reference
from engine.layers import all_specs


def literal_texts() -> list[str]:
    """String literals passed to tr(...) in engine/reference.py."""
    tree = ast.parse(inspect.getsource(reference))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "tr"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def reference_texts() -> list[str]:
    """Every source text, each once, in a stable order."""
    found: list[str] = [*literal_texts(), *reference.HEADINGS.values(), *reference.COLUMNS]
    for spec in all_specs():
        found += [spec.category, spec.help, spec.formula, spec.count_formula]
        found += [p.help for p in spec.params]
    for params in choices.OPTIMIZERS.values():
        found += [p.help for p in params]
    for doc in (*reference.LOSSES.values(), *reference.OPTIMIZERS.values()):
        found += [doc.summary, doc.formula, *doc.expects, *doc.notes]
    return list(dict.fromkeys(t for t in found if t))


def sync_catalog(path: Path) -> tuple[int, int]:
    """Bring a reference_<lang>.ts up to the current texts: translations kept, new texts
    added as unfinished, texts no page uses any more dropped. Returns (added, dropped)."""
    known: dict[str, ET.Element] = {}
    if path.is_file():
        for message in ET.parse(path).getroot().iter("message"):
            known[message.findtext("source", "")] = message
    texts = reference_texts()
    root = ET.Element("TS", version="2.1", language=path.stem.split("_", 1)[1])
    root.set("sourcelanguage", "en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = reference.CONTEXT
    for text in texts:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        old = known.get(text)
        translation = ET.SubElement(message, "translation")
        found = old.find("translation") if old is not None else None
        if found is not None and found.text:
            translation.text = found.text
            if found.get("type"):
                translation.set("type", found.get("type"))
        else:
            translation.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', "utf-8")
    return len(set(texts) - set(known)), len(set(known) - set(texts))


if __name__ == "__main__":
    # python -m tests.engine.reference_texts resources/i18n/reference_zh_CN.ts
    added, dropped = sync_catalog(Path(sys.argv[1]))
    print(f"{added} new texts to translate, {dropped} dropped")
