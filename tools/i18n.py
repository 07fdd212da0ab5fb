"""Refresh the translation catalogs under resources/i18n: `python tools/i18n.py`.

- gui_<lang>.ts: pyside6-lupdate reads every tr()/translate() of gui/; pyside6-lrelease
  compiles it to the gui_<lang>.qm the app loads (committed, so installs need no Qt tools;
  tests/gui/test_i18n.py fails when it is stale).
- gui_pyqtgraph_<lang>.ts: the texts of pyqtgraph's plot menus and export dialog, which
  pyqtgraph translates through Qt; compiled to gui_pyqtgraph_<lang>.qm like the app's.
- engine_<lang>.ts, context "settings": the labels and help texts of the Training
  dock's settings (engine.choices).
- engine_<lang>.ts, context "examples": the names of the bundled example projects.
- engine_<lang>.ts, context "messages": the templates of the engine's user-facing
  messages (problems, fixes, shape and settings errors, layer-health verdicts), found in
  engine/ by `engine_messages`. An f-string becomes its template, each {expression}
  kept as written; engine.i18n.translate_message matches a finished message back to it.

New sources arrive unfinished, vanished ones are dropped, translations are kept.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)
MESSAGES = "messages"
SETTINGS = "settings"
EXAMPLES = "examples"
# Calls whose argument at this position (or keyword) is a message a user reads.
MESSAGE_CALLS = {
    "Problem": (1, "message"),
    "Fix": (3, "text"),
    "DeviceInfo": (2, "description"),
    "Preview": (0, "note"),  # engine.data.sources: what the Data form's preview says
    **{
        name: (0, "message")
        for name in (
            "ShapeError",
            "GraphError",
            "CycleError",
            "ParamError",
            "ConfigError",
            "ProjectError",
            "DataError",
            "SettingsError",
            "TrainingError",
            "WeightsError",
        )
    },
}
# Variables (or attributes, like a shape info's .problem) that hold a message.
MESSAGE_NAMES = {"message", "problem", "reason", "clash", "why", "note"}
# Functions whose returned strings (or list items) are messages (layer-health verdicts,
# path problems, an import's notes).
MESSAGE_FUNCTIONS = {"verdict", "path_problems", "tied_weight_notes"}
# Two placeholders side by side ("{err}{src}") cannot be told apart when matching a
# message; such a message is matched through MESSAGE_JOINS instead.
ADJACENT = re.compile(r"\}\{")
# How the engine joins messages (engine/shapes.py: a layer type, its shape error, the
# input that feeds the bad port): matched last, the joined parts translated on their own.
MESSAGE_JOINS = ("{layer} {problem}", "{layer} {problem} from {source}")
# pyqtgraph's folders whose menus and dialogs a plot shows (its scene, view box, plot item).
PYQTGRAPH_PARTS = ("GraphicsScene", "graphicsItems/ViewBox", "graphicsItems/PlotItem")
# Module-level tables of lint advice: every string value is a message.
MESSAGE_TABLES = {"SQUASH_CLASH", "LOSS_NEEDS"}


def template(node: ast.AST) -> str | None:
    """The template of a message expression: text with {expression} placeholders."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append("{" + ast.unparse(value.value) + "}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left), template(node.right)
        return None if left is None or right is None else left + right
    return None


def _strings(node: ast.AST) -> list[str]:
    """Every message template among the string expressions under `node`."""
    found = []
    for child in ast.walk(node):
        if isinstance(child, (ast.Constant, ast.JoinedStr, ast.BinOp)):
            text = template(child)
            if text and " " in text.strip():
                found.append(text)
    return found


def engine_messages(root: Path = ROOT) -> dict[str, str]:
    """Template -> where it is made ("engine/lint.py:132"), over every module of engine/."""
    found: dict[str, str] = {}
    for path in sorted((root / "engine").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            texts: list[str] = []
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in MESSAGE_CALLS:
                    index, keyword = MESSAGE_CALLS[name]
                    arg = next((k.value for k in node.keywords if k.arg == keyword), None)
                    if arg is None and len(node.args) > index:
                        arg = node.args[index]
                    text = template(arg) if arg is not None else None
                    texts = [text] if text else []
            elif isinstance(node, ast.Assign):
                names = {t.id for t in node.targets if isinstance(t, ast.Name)}
                names |= {t.attr for t in node.targets if isinstance(t, ast.Attribute)}
                if names & MESSAGE_NAMES:
                    text = template(node.value)
                    texts = [text] if text else []
                elif names & MESSAGE_TABLES:
                    texts = _strings(node.value)
            elif isinstance(node, ast.FunctionDef) and node.name in MESSAGE_FUNCTIONS:
                for child in ast.walk(node):
                    if isinstance(child, (ast.Return, ast.Yield)) and child.value is not None:
                        value = child.value
                        text = template(value.elt if isinstance(value, ast.ListComp) else value)
                        texts += [text] if text else []
                    elif isinstance(child, ast.Call) and getattr(child.func, "attr", "") in (
                        "append",
                    ):
                        texts += [t for a in child.args if (t := template(a))]
            for text in texts:
                if any(c.isalpha() for c in text) and not ADJACENT.search(text):
                    found.setdefault(text, f"{where}:{getattr(node, 'lineno', 0)}")
    return {**found, **{text: "tools/i18n.py" for text in MESSAGE_JOINS}}


def settings_texts() -> set[str]:
    """The row labels and help texts of the training and data settings (engine.choices),
    as the Training dock's forms show them."""
    sys.path.insert(0, str(ROOT))
    from engine import choices
    from engine.layers import ParamSpec

    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, ParamSpec):
            found.add(value.name.replace("_", " ").capitalize())
            if value.help:
                found.add(value.help)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)

    for name in dir(choices):
        walk(getattr(choices, name))
    found.update(choices.SYNTHETIC.values())  # what each generated data set is
    found.update(name.replace("_", " ").capitalize() for name in choices.AUGMENTATIONS)
    return found


def example_names() -> set[str]:
    """The names of the bundled example projects (File > Examples)."""
    names = set()
    for path in (ROOT / "resources" / "examples").glob("*.layerlab"):
        name = json.loads(path.read_text(encoding="utf-8")).get("name")
        if isinstance(name, str) and name:
            names.add(name)
    return names


def write_catalog(path: Path, lang: str, contexts: dict[str, Iterable[str]]) -> tuple[int, int]:
    """Rewrite the .ts at `path` with these sources per context, keeping the translations
    it has; returns (sources, unfinished)."""
    old: dict[tuple[str, str], str] = {}
    if path.is_file():
        for context in ET.parse(path).getroot().iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is not None and translation.get("type") is None:
                    old[(name, message.findtext("source", ""))] = translation.text or ""
    root = ET.Element("TS", version="2.1", language=lang)
    unfinished = total = 0
    for name, sources in contexts.items():
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for source in sorted(sources):
            total += 1
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = source
            translation = ET.SubElement(message, "translation")
            if (name, source) in old:
                translation.text = old[(name, source)]
            else:
                translation.set("type", "unfinished")
                unfinished += 1
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )
    return total, unfinished


def pyqtgraph_texts() -> dict[str, set[str]]:
    """Context -> texts of pyqtgraph's own menus and dialogs that a plot of the app offers
    (right-click: View All, axis and plot options, Export...). pyqtgraph ships no Chinese;
    it translates through Qt, so its strings join the app's Qt catalogs."""
    import pyqtgraph

    base = Path(pyqtgraph.__file__).parent
    call = re.compile(
        r"(?:_translate|translate|QT_TRANSLATE_NOOP)\(\s*[\"'](\w+)[\"'],\s*"
        r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
    )
    found: dict[str, set[str]] = {}
    for folder in PYQTGRAPH_PARTS:
        for path in sorted((base / folder).glob("*.py")):
            for context, text in call.findall(path.read_text(encoding="utf-8")):
                source = ast.literal_eval(text)
                if re.search(r"[A-Za-z]{2,}", source):
                    found.setdefault(context, set()).add(source)
    return found


def update_gui(lang: str) -> None:
    """lupdate gui/ into gui_<lang>.ts, then lrelease it to gui_<lang>.qm."""
    tools = Path(sys.executable).parent
    ts, qm = I18N / f"gui_{lang}.ts", I18N / f"gui_{lang}.qm"
    sources = sorted(str(p) for p in (ROOT / "gui").rglob("*.py"))
    lupdate = [str(tools / "pyside6-lupdate"), *sources, "-ts", str(ts)]
    subprocess.run([*lupdate, "-no-obsolete", "-locations", "none"], check=True)
    subprocess.run([str(tools / "pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True)
    ts, qm = I18N / f"gui_pyqtgraph_{lang}.ts", I18N / f"gui_pyqtgraph_{lang}.qm"
    write_catalog(ts, lang, pyqtgraph_texts())
    subprocess.run([str(tools / "pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True)


def main() -> None:
    contexts = {
        MESSAGES: engine_messages(),
        SETTINGS: settings_texts(),
        EXAMPLES: example_names(),
    }
    for lang in LANGUAGES:
        update_gui(lang)
        total, unfinished = write_catalog(I18N / f"engine_{lang}.ts", lang, contexts)
        print(f"engine_{lang}.ts: {total} sources, {unfinished} unfinished")


if __name__ == "__main__":
    main()
