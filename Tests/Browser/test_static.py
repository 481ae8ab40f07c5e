"""Checks of the web app's source that need no browser: both languages have the same keys,
every literal t("key") exists, and nothing breaks the Content-Security-Policy of 'self'."""

import re

from browser import WEB, load_dictionary

PLACEHOLDER = re.compile(r"\{(\w+)\}")
SCRIPTS = sorted(WEB.rglob("*.js"))


def test_zh_and_en_have_identical_keys():
    zh, en = load_dictionary("zh-CN"), load_dictionary("en")
    assert len(zh) > 50
    assert sorted(set(zh) - set(en)) == [], "keys missing from en.js"
    assert sorted(set(en) - set(zh)) == [], "keys missing from zh-CN.js"


def test_each_key_appears_once_per_file():
    for lang in ("zh-CN", "en"):
        source = (WEB / "i18n" / f"{lang}.js").read_text(encoding="utf-8")
        keys = re.findall(r'^\s*"([^"]+)"\s*:', source, re.MULTILINE)
        duplicates = {key for key in keys if keys.count(key) > 1}
        assert not duplicates, f"{lang}.js repeats {sorted(duplicates)}"


def test_translations_are_non_empty_and_keep_placeholders():
    zh, en = load_dictionary("zh-CN"), load_dictionary("en")
    for key in zh:
        assert zh[key].strip() and en[key].strip(), f"{key} is empty"
        assert set(PLACEHOLDER.findall(zh[key])) == set(PLACEHOLDER.findall(en[key])), f"{key} placeholders differ"


def test_every_literal_key_used_in_code_exists():
    zh = load_dictionary("zh-CN")
    used = set()
    for path in SCRIPTS:
        code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith(("//", "*", "/*")))
        used |= set(re.findall(r'\bt\(\s*"([^"]+)"', code))
        used |= set(re.findall(r'(?:title|nav|label):\s*"([a-z_]+\.[a-z_.]+)"', code))
    assert used, "found no t() calls"
    assert sorted(used - set(zh)) == []


def test_no_markup_injection_or_inline_code():
    for path in SCRIPTS:
        source = path.read_text(encoding="utf-8")
        for banned in ("innerHTML =", "outerHTML =", "insertAdjacentHTML", "document.write", "eval(",
                       "new Function", 'setAttribute("style"', "setAttribute('style'"):
            assert banned not in source, f"{path.name} uses {banned}"
    html = (WEB / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> breaks the CSP"
    assert not re.search(r"\sstyle\s*=", html), "inline style attribute breaks the CSP"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler breaks the CSP"
    assert '<html lang="zh-CN">' in html


def test_nothing_is_loaded_from_outside_the_app():
    external = re.compile(r"""(?:src|href|from|import|url)\s*[=(]?\s*["']?(?:https?:)?//""", re.IGNORECASE)
    for path in [*SCRIPTS, *WEB.rglob("*.css"), *WEB.rglob("*.html")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "http://www.w3.org/" in line:  # XML namespace names, not fetched
                continue
            assert not external.search(line), f"{path.relative_to(WEB)} loads from outside: {line.strip()}"


def test_only_api_js_calls_fetch():
    callers = [path.relative_to(WEB).as_posix() for path in SCRIPTS if re.search(r"\bfetch\(", path.read_text(encoding="utf-8"))]
    assert callers == ["api.js"]
