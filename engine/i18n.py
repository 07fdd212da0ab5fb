"""Translations of the engine's user-facing text (lint messages, the layer reference).

The CLI and the engine speak English, which scripts read, unless LAYERLAB_LANG names a
language; the app sets the language it shows with `set_language`. Catalogs are Qt
Linguist .ts files under resources/i18n (one format for translators, whether Qt or the
engine reads them), parsed here without Qt. Files named gui_* hold the app's own
strings and are compiled to .qm for Qt instead.

Messages are made where they are found, as f-strings, and stay so: the catalog holds
each one's template (tools/i18n.py reads them out of engine/), and `translate_message`
finds the template a finished message was made from, its values, and says it again.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from functools import cache, lru_cache

from engine.paths import resource

ENGLISH = "en"
# The context of the engine's messages (problems, shape errors, fixes, CLI errors) in
# resources/i18n/engine_<lang>.ts. A source with {placeholders} is the template of an
# f-string message: `translate_message` finds the template a message was made from.
MESSAGES = "messages"
PLACEHOLDER = re.compile(r"\{[^{}]+\}")
_language: str | None = None


def normalize(code: str | None) -> str:
    """'zh_CN.UTF-8', 'zh-cn' and 'zh' all name Simplified Chinese; anything else is English."""
    if not code:
        return ENGLISH
    base = code.split(".")[0].replace("-", "_")
    if base.lower() in ("zh", "zh_cn", "zh_hans", "zh_sg"):
        return "zh_CN"
    return ENGLISH


def language() -> str:
    """The language engine text is given in: set by the app, else LAYERLAB_LANG, else English."""
    if _language is not None:
        return _language
    return normalize(os.environ.get("LAYERLAB_LANG"))


def set_language(code: str | None) -> None:
    """Set the language for engine text; None goes back to LAYERLAB_LANG / English."""
    global _language
    _language = None if code is None else normalize(code)


def translate(context: str, text: str) -> str:
    """`text` in the current language, or `text` itself where no translation exists."""
    lang = language()
    if lang == ENGLISH:
        return text
    return catalog(lang).get((context, text), text)


@cache
def catalog(lang: str) -> dict[tuple[str, str], str]:
    """Every finished (context, source) -> translation pair of the engine's .ts files."""
    pairs: dict[tuple[str, str], str] = {}
    folder = resource("i18n")
    if not folder.is_dir():
        return pairs
    for path in sorted(folder.glob(f"*_{lang}.ts")):
        if path.name.startswith("gui_"):
            continue
        for context in ET.parse(path).getroot().iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is None or translation.get("type") in ("unfinished", "obsolete"):
                    continue
                source = message.findtext("source", "")
                if translation.text:
                    pairs[(name, source)] = translation.text
    return pairs


def translate_message(text: str) -> str:
    """An engine message in the current language, matched against the catalog's message
    templates; a prefix before ": " (a file, a node, a key path) is kept as it is, and
    the values filled into a template are translated too where they are messages."""
    if language() == ENGLISH or not text:
        return text
    return _message(text, language(), depth=0)


@lru_cache(maxsize=8192)  # a graph's problems are said again after every edit
def _message(text: str, lang: str, depth: int) -> str:
    found = catalog(lang).get((MESSAGES, text))
    if found is not None:
        return found
    for pattern, names, translation in templates(lang):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = match.groups()
        if depth < 2:
            values = tuple(_message(v, lang, depth + 1) for v in values)
        return fill(translation, dict(zip(names, values, strict=True)))
    head, sep, tail = text.partition(": ")
    if sep and depth < 4:
        rest = _message(tail, lang, depth + 1)
        if rest != tail:
            return f"{head}: {rest}"
    return text


def fill(template: str, values: dict[str, str]) -> str:
    """`template` with each {placeholder} replaced by its value (unknown ones stay)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(), m.group()), template)


def pattern(template: str) -> tuple[tuple[int, int], re.Pattern[str], list[str]]:
    """(sort key, regex, placeholders) that find the values a text was made from.

    The key puts the most literal text first (spaces do not count), then the fewest
    placeholders: "{a} and 3 more" is tried before "{a} and {b}", "{path}: {problem}"
    before "{path}: {key}{name} {problem}". A placeholder matches one character or
    more, except one that is itself a string expression (a plural "s"): maybe none."""
    names = PLACEHOLDER.findall(template)
    literal = PLACEHOLDER.split(template)
    regex = re.escape(literal[0])
    for name, part in zip(names, literal[1:], strict=True):
        regex += ("(.*?)" if name[1] in "'\"" else "(.+?)") + re.escape(part)
    weight = sum(len(part.strip()) for part in literal)
    return (-weight, len(names)), re.compile(regex, re.DOTALL), names


@cache
def templates(lang: str) -> list[tuple[re.Pattern[str], list[str], str]]:
    """(regex, placeholders, translation) of every message template, in `pattern` order."""
    found = []
    for (context, source), translation in catalog(lang).items():
        if context == MESSAGES and PLACEHOLDER.search(source):
            found.append((*pattern(source), translation))
    found.sort(key=lambda item: item[0])
    return [(regex, names, translation) for _, regex, names, translation in found]
