"""Translations of the engine's user-facing text (lint messages, the layer reference).

The CLI and the engine speak English, which scripts read, unless LAYERLAB_LANG names a
language; the app sets the language it shows with `set_language`. Catalogs are Qt
Linguist .ts files under resources/i18n (one format for translators, whether Qt or the
engine reads them), parsed here without Qt. Files named gui_* hold the app's own
strings and are compiled to .qm for Qt instead.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from functools import cache

from engine.paths import resource

ENGLISH = "en"
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
