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


def _all_pages(sample_build) -> list[str]:
    """Every page of the built site, by its address (404.html included)."""
    site = sample_build.site
    return sorted(str(p.relative_to(site)).removesuffix("index.html") for p in site.rglob("*.html"))


FOCUSED = """() => {
  // material's colour toggle is a hidden radio that shows its focus on the button (label) after it.
  const focused = document.activeElement;
  const e = focused.matches('.md-option') ? focused.nextElementSibling : focused, r = e.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  const seen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth
    && r.top < innerHeight && getComputedStyle(e).visibility === 'visible' && !!hit
    && (e.contains(hit) || hit.contains(e));
  return {name: (focused.getAttribute('aria-label') || focused.textContent).trim().replace(/\\s+/g, ' ').slice(0, 60),
          tag: focused.tagName, seen: seen, ring: getComputedStyle(e).outlineStyle !== 'none'};
}"""


@pytest.fixture(scope="module")
def phone(browser):
    """320 CSS px wide: a phone, or a 1280 px window at 400 % zoom (WCAG 1.4.10)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


def _tab(page, key: str = "Tab") -> dict:
    page.keyboard.press(key)
    page.wait_for_timeout(60)
    return page.evaluate(FOCUSED)


def test_skip_link_first_on_every_page(reader, site_url, sample_build):
    missing = []
    for url in _all_pages(sample_build):
        reader.goto(site_url + url, wait_until="load")
        first = _tab(reader)
        if first["name"] != "Gå til innholdet" or not first["seen"]:
            missing.append(f"{url or '/'}: first Tab went to {first}")
            continue
        reader.keyboard.press("Enter")
        # The next Tab goes on from the page's own content, not from the header.
        inside = reader.evaluate("document.activeElement.id === 'innhold'")
        if not inside:
            missing.append(f"{url or '/'}: the skip link did not take the focus to the content")
    assert not missing, "\n".join(missing)


def test_keyboard_alone_at_320px(phone, site_url):
    phone.goto(site_url + "rapport-2026/bakgrunn/", wait_until="networkidle")
    stops = [_tab(phone) for _ in range(5)]
    assert [s["name"] for s in stops[:4]] == [
        "Gå til innholdet", "Meny", "Farger som på maskinen din. Bytt til lyse farger", "Søk"], stops
    assert all(s["seen"] for s in stops), f"a Tab stop the reader cannot see: {stops}"
    assert stops[2]["ring"], "the colour toggle shows no focus"
    assert stops[4]["name"] not in ("Søk", ""), "the closed search field is a Tab stop"

    # The menu opens from the keyboard, takes the focus, and every Tab in it lands on a link that shows.
    menu = phone.locator("button[data-hefte-toggle='__drawer']")
    menu.focus()
    opened = _tab(phone, "Enter")
    assert phone.evaluate("document.getElementById('__drawer').checked")
    assert menu.get_attribute("aria-expanded") == "true"
    in_menu = [opened] + [_tab(phone) for _ in range(6)]
    assert all(s["seen"] and s["tag"] in ("A", "LABEL") for s in in_menu), in_menu
    # Its panel title goes back to the top level, which holds the front page.
    back = [_tab(phone, "Shift+Tab") for _ in in_menu][-1]
    assert back["tag"] == "LABEL" and back["name"] == "Å bli hørt" and back["seen"], back
    assert _tab(phone, "Enter")["name"] == "Å bli hørt"  # now the entry on the top level
    top = [_tab(phone, "Shift+Tab") for _ in range(3)]
    assert "Forside" in [s["name"] for s in top] and all(s["seen"] for s in top), top
    # Escape closes it and gives the focus back to the button.
    closed = _tab(phone, "Escape")
    assert closed["name"] == "Meny" and not phone.evaluate("document.getElementById('__drawer').checked")

    # With the menu closed, no Tab goes to a link off-screen: the first 15 stops all show.
    phone.goto(site_url + "rapport-2026/bakgrunn/", wait_until="networkidle")
    walk = [_tab(phone) for _ in range(15)]
    assert all(s["seen"] for s in walk), [s for s in walk if not s["seen"]]

    # The wide table scrolls from the keyboard: its frame is a named Tab stop, and arrow keys scroll it.
    frame = phone.locator(".md-typeset__scrollwrap[role=region]")
    assert frame.count() == 1 and frame.get_attribute("tabindex") == "0"
    assert frame.get_attribute("aria-label").startswith("Tabell 1")
    frame.focus()
    for _ in range(3):
        phone.keyboard.press("ArrowRight")
    phone.wait_for_timeout(300)
    assert frame.evaluate("el => el.scrollLeft") > 0


SLOW_TIMERS = """(() => { const later = window.setTimeout;
  window.setTimeout = (f, delay, ...args) => later(f, (delay || 0) + 30, ...args); })();"""
"""A slow phone or a busy machine: every timer of the page's own scripts fires 30 ms late."""


@pytest.mark.parametrize("width, slow", [(1280, False), (320, False), (1280, True), (320, True)])
def test_search_dialog_named_and_escape_returns_focus(browser, site_url, width, slow):
    """Escape closes the search and gives the focus back; on a slow device too. There material saw hefte give
    the field its focus back after it had seen the field lose it, and opened the search again at once."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    if slow:
        context.add_init_script(SLOW_TIMERS)
    page = context.new_page()
    page.goto(site_url + "hefte-2026/", wait_until="networkidle")
    assert page.get_attribute("[data-md-component=search][role=dialog]", "aria-label") == "Søk"
    opener = "input.md-search__input" if width > 960 else "button[data-hefte-toggle='__search']"
    page.focus(opener) if width > 960 else (page.focus(opener), page.keyboard.press("Enter"))
    page.keyboard.type("kopp", delay=20)
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert not page.evaluate("document.getElementById('__search').checked"), "Escape left the search open"
    assert page.evaluate(f"document.activeElement === document.querySelector(\"{opener}\")")
    context.close()


def test_404_in_norwegian_with_a_way_on(reader, site_url):
    response = reader.goto(site_url + "finnes/ikke/", wait_until="load")
    assert response.status == 404
    reader.goto(site_url + "404.html", wait_until="networkidle")
    assert reader.inner_text("h1") == "Fant ikke sida"
    assert reader.title().startswith("Fant ikke sida")
    body = reader.inner_text("body")
    assert "Not found" not in body and "Made with" not in body and "Material for MkDocs" not in body
    reader.click("text=Søk etter en tekst")
    assert reader.evaluate("document.getElementById('__search').checked")
    assert reader.evaluate("document.activeElement.matches('input.md-search__input')")
    reader.keyboard.press("Escape")
    reader.click("text=Gå til forsida")
    assert reader.url.rstrip("/") == site_url.rstrip("/")
    assert "squidfunk" not in reader.content()


def test_axe_every_page_both_widths_both_schemes(reader, site_url, sample_build):
    """WCAG 2.1 A/AA and axe's best practices: 0 violations on every page at 1280 and 320 px, light and dark."""
    import axe_playwright_python
    from pathlib import Path

    axe_js = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
    problems = []
    for url in _all_pages(sample_build):
        reader.set_viewport_size({"width": 1280, "height": 900})
        reader.emulate_media(color_scheme="light")
        reader.goto(site_url + url, wait_until="load")
        reader.add_script_tag(content=axe_js)
        for width in (1280, 320):
            for scheme in ("light", "dark"):
                reader.set_viewport_size({"width": width, "height": 900})
                reader.emulate_media(color_scheme=scheme)
                reader.wait_for_timeout(100)  # material and hefte.js follow a resize; the scheme follows the media
                assert reader.evaluate(SCHEME)[0] == {"light": "default", "dark": "slate"}[scheme]
                result = reader.evaluate(
                    "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', "
                    "'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})")
                for violation in result["violations"]:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{url or '/'} {width}px {scheme}: {violation['id']} ({violation['impact']}): "
                                    f"{targets}")
    reader.set_viewport_size({"width": 1280, "height": 900})
    reader.emulate_media(color_scheme="light")
    assert not problems, "\n".join(problems)


def test_writers_spelling_is_not_changed_by_css(reader, site_url, sample_build):
    """No CSS text-transform anywhere on the site: «tekst: Sølvi Rugtvedt» is not shown as «sølvi rugtvedt»."""
    changed = []
    for url in _all_pages(sample_build):
        reader.goto(site_url + url, wait_until="load")
        changed += [f"{url}: {t}" for t in reader.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => e.childNodes.length && "
            "getComputedStyle(e).textTransform !== 'none').map(e => e.textContent.trim().slice(0, 50))")]
    assert not changed, "\n".join(changed)
    reader.goto(site_url + "hefte-2026/den-forste-koppen/", wait_until="load")
    assert "tekst: Sølvi Rugtvedt" in reader.inner_text(".hefte-byline")


SCHEME = "() => [document.body.dataset.mdColorScheme, getComputedStyle(document.body).backgroundColor]"


def test_dark_scheme_follows_the_system_and_the_toggle(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + "hefte-2026/den-forste-koppen/", wait_until="networkidle")
    scheme, background = page.evaluate(SCHEME)
    assert scheme == "slate" and background != "rgb(255, 255, 255)", (scheme, background)
    page.emulate_media(color_scheme="light")
    page.wait_for_timeout(200)
    assert page.evaluate(SCHEME) == ["default", "rgb(255, 255, 255)"]
    page.emulate_media(color_scheme="dark")

    # The toggle, by keyboard: system -> light -> dark -> system, and the choice is kept on the next page.
    toggle = page.locator("[data-md-component=palette] input:checked")
    assert toggle.get_attribute("aria-label").startswith("Farger som på maskinen din")
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert page.evaluate(SCHEME)[0] == "default"
    page.goto(site_url + "hefte-2026/", wait_until="networkidle")
    assert page.evaluate(SCHEME)[0] == "default", "the reader's choice of light was not kept"
    page.locator("[data-md-component=palette] input:checked").focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert page.evaluate(SCHEME)[0] == "slate"
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    checked = page.locator("[data-md-component=palette] input:checked").get_attribute("aria-label")
    assert checked.startswith("Farger som på maskinen din") and page.evaluate(SCHEME)[0] == "slate"
    context.close()


CLS = """() => new Promise(done => {
  let sum = 0;
  new PerformanceObserver(list => {
    for (const shift of list.getEntries()) if (!shift.hadRecentInput) sum += shift.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(sum), 1200);
})"""


@pytest.mark.parametrize("width,height", [(412, 823), (1280, 900)])
def test_layout_shift_below_0_1(browser, site_url, width, height):
    """Photos and fonts arriving late (a slow connection) move nothing: CLS summed by a PerformanceObserver."""
    shifts = {}
    for url in ("hefte-2026/den-forste-koppen/", "hefte-2026/kjokkenet-til-bestemor/", "rapport-2026/bakgrunn/"):
        context = browser.new_context(viewport={"width": width, "height": height})  # a fresh cache each time
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                      "downloadThroughput": 200_000, "uploadThroughput": 100_000})
        page.goto(site_url + url, wait_until="load")
        shifts[url] = page.evaluate(CLS)
        context.close()
    assert all(value < 0.1 for value in shifts.values()), shifts


WRAPPED_LINES = """() => {
  // Each poem line is a text node between <br>s; a line that wraps has more than one line box.
  const found = [];
  for (const p of document.querySelectorAll('.hefte-poem .hefte-brodtekst p')) {
    for (const node of p.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const boxes = [...range.getClientRects()].filter(r => r.width > 0);
      if (boxes.length > 1) found.push({line: node.textContent.trim(), first: boxes[0].left, rest: boxes[1].left});
    }
  }
  return found;
}"""


def test_poem_lines_wrap_with_a_hanging_indent(phone, site_url):
    phone.goto(site_url + "hefte-2026/ventevaerelset-pa-assiden/", wait_until="load")
    wrapped = phone.evaluate(WRAPPED_LINES)
    assert wrapped, "no poem line wraps at 320 px: the test would show nothing"
    flat = [w["line"] for w in wrapped if w["rest"] - w["first"] < 16]
    assert not flat, f"wrapped poem lines without a hanging indent: {flat}"


def test_printing_a_text_page_keeps_the_text_and_drops_the_site(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + "hefte-2026/ventevaerelset-pa-assiden/", wait_until="load")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => Object.fromEntries(['.md-header', '.md-sidebar--primary', '.md-footer',
        '.md-search', '.hefte-skip', 'h1', '.hefte-byline', '.hefte-kilde'].map(s =>
        [s, getComputedStyle(document.querySelector(s)).display !== 'none']))""")
    assert shown == {".md-header": False, ".md-sidebar--primary": False, ".md-footer": False, ".md-search": False,
                     ".hefte-skip": False, "h1": True, ".hefte-byline": True, ".hefte-kilde": True}
    assert page.inner_text(".hefte-kilde").startswith("Fra «Det vi bærer med oss», Skriveverkstedet Elvebyen")
    stanza = page.locator(".hefte-poem .hefte-brodtekst p").first
    assert stanza.evaluate("p => getComputedStyle(p).breakInside") == "avoid"
    # Dark on screen, dark ink on white paper.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    ink = page.evaluate("getComputedStyle(document.querySelector('.hefte-brodtekst')).color")
    assert ink.startswith(("rgb(0, 0, 0", "rgba(0, 0, 0")), ink
    context.close()


def test_menu_opens_without_javascript_too(browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "hefte-2026/den-forste-koppen/")
    assert not page.is_visible("button[data-hefte-toggle='__drawer']")  # it needs hefte.js
    page.click("header label[for='__drawer']")
    page.wait_for_timeout(400)
    assert page.is_checked("#__drawer")
    assert page.is_visible(".md-sidebar--primary a[href='../ventevaerelset-pa-assiden/']")
    context.close()
