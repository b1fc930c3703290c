"""The website as its readers meet it, in real headless Chromium (issue 14): Norwegian search that keeps a
final æ/ø/å, the keyboard at 320 px, the skip link on every page, the dark scheme, the writer's own spelling,
the Norwegian 404 page, layout shift, and axe on every page at both widths in both schemes.

One browser and one built sample for the whole module (fixtures from test_browser.py).
"""

from __future__ import annotations

import pytest

from test_browser import browser, site_url, pytestmark  # noqa: F401  (fixtures and the skip-without-Chromium mark)


@pytest.fixture(scope="module")
def reader(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _search(page, words: str) -> tuple[int, list[str]]:
    """Types like a reader and returns (number of texts found, the highlighted words)."""
    page.fill("input.md-search__input", "")
    page.click("input.md-search__input")
    # keyboard.type sends å/æ/ø as text input without a key event, as a compose key, a phone keyboard's
    # suggestion or dictation does: material, which searches on keyup, missed such a last letter.
    page.keyboard.type(words, delay=20)
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.trim() !== ''")
    page.wait_for_timeout(400)
    items = page.locator(".md-search-result__item").count()
    marks = page.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
    return items, marks


@pytest.mark.parametrize("word", ["blå", "ennå", "etterpå", "på", "å"])
def test_search_keeps_a_final_æøå(reader, site_url, word):
    reader.goto(site_url, wait_until="networkidle")
    items, marks = _search(reader, word)
    assert items and marks, f"«{word}» found nothing"
    wrong = sorted({m for m in marks if not m.lower().startswith(word)})
    assert not wrong, f"«{word}» was searched as something shorter: it marked {wrong}"
