"""The lessons and the website, checked for accessibility in a real browser (Chromium at 1280x720).

- **axe-core** (bundled by axe-playwright-python) runs on every lesson open in JupyterLab and on every
  page of the website. Any *serious* or *critical* violation fails, unless it is one of JupyterLab's
  own, listed in ``KNOWN_JUPYTERLAB`` with the element it concerns and why it is not the course's.
- **Keyboard only**: lesson 00 is run, one exercise is answered and checked, and the whole deck is
  presented and stopped, with key presses alone (no mouse, no script clicking for the student).
- **200% zoom**: at 1280x720 zoomed to 200% (a 640x360 CSS-pixel window at 2 device pixels per CSS
  pixel), no lesson's text, table or figure is wider than the notebook: nothing is cut off and nothing
  needs sideways scrolling except code, which may (WCAG 1.4.10 exempts it).

Each lesson's axe findings (JupyterLab's, the course's) are printed at the end of the run.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import threading
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from .conftest import NOTEBOOKS, REPORT, VIEWPORT

LESSONS = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))
FAILING_IMPACTS = ("serious", "critical")

# (axe rule, a CSS class or tag of the element it reports, why it is JupyterLab's and not the course's)
KNOWN_JUPYTERLAB = [
    ("aria-allowed-attr", "jp-button", "JupyterLab's toolbar buttons carry aria-pressed on a custom element"),
    ("aria-input-field-name", "cm-content", "CodeMirror's editor (every code cell) has role=textbox and no name"),
    ("aria-required-children", "jp-WindowedPanel-viewport", "the notebook's role=feed list is windowed"),
    ("button-name", "jp-collapseHeadingButton", "JupyterLab's collapse-heading buttons have no text"),
    ("scrollable-region-focusable", "cm-scroller", "CodeMirror's scroller is focused through its editor"),
    ("image-alt", "jp-RenderedImage", "JupyterLab's image renderer sets no alt on image outputs (no notebook "
     "format field exists for it yet: jupyter/enhancement-proposals#120); the website gives every figure one"),
]


def _known(rule: str, node: dict) -> str | None:
    where = " ".join(node.get("target", [])) + " " + node.get("html", "")
    for known_rule, marker, why in KNOWN_JUPYTERLAB:
        if rule == known_rule and marker in where:
            return why
    return None


def axe_findings(page) -> tuple[Counter, list[str]]:
    """``(JupyterLab's own serious findings by rule, the course's serious findings described)``."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    known, ours = Counter(), []
    for violation in results["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            if _known(violation["id"], node):
                known[violation["id"]] += 1
            else:
                ours.append(f"{violation['id']} ({violation['impact']}: {violation['help']}) at "
                            f"{' '.join(node['target'])}: {node['html'][:200]}")
    return known, ours


@pytest.fixture(scope="module")
def axe():
    return pytest.importorskip("axe_playwright_python.sync_playwright",
                               reason="the accessibility tests need axe-playwright-python: pip install -e \".[browser]\"")


def open_lesson(page, lab, name: str) -> None:
    page.goto(f"{lab.url}/lab/tree/{name}?reset", wait_until="domcontentloaded")
    page.wait_for_function(
        "(name) => { const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " return !!(p && p.context && p.context.path === name && p.context.isReady && p.sessionContext"
        " && p.sessionContext.session && p.sessionContext.session.kernel"
        " && p.sessionContext.session.kernel.status === 'idle'); }",
        arg=name, timeout=120_000, polling=250)
    with_news_answered(page)
    page.wait_for_timeout(1500)  # the stored outputs render


def with_news_answered(page) -> None:
    # A fresh JupyterLab asks once whether to fetch news; the prompt is optional (Playwright's
    # TimeoutError when it does not come).
    with contextlib.suppress(Exception):
        page.get_by_role("button", name="No", exact=True).click(timeout=2000)


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_lesson_in_jupyterlab_has_no_serious_accessibility_violation_of_its_own(lesson, lab, browser, axe):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        open_lesson(page, lab, lesson)
        # JupyterLab keeps every cell in the page (it only defers drawing the ones off screen), so
        # one axe run sees the whole lesson.
        known, ours = axe_findings(page)
        REPORT.append(f"{lesson}: axe, course content: {len(ours)} serious or critical; JupyterLab's own (known): "
                      + (", ".join(f"{rule} x{count}" for rule, count in sorted(known.items())) or "none"))
        assert not ours, f"{lesson}: axe finds serious or critical violations in the course's content:\n" + "\n".join(ours)
    finally:
        page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")
        context.close()


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_lesson_stays_readable_at_200_percent_zoom(lesson, lab, browser):
    """1280x720 at 200% zoom is a 640x360 CSS-pixel window at a device scale of 2."""
    context = browser.new_context(viewport={"width": VIEWPORT["width"] // 2, "height": VIEWPORT["height"] // 2},
                                  device_scale_factor=2)
    page = context.new_page()
    try:
        open_lesson(page, lab, lesson)
        if page.evaluate("() => !window.jupyterapp.shell.leftCollapsed"):
            page.keyboard.press("Control+B")  # at 200% a reader closes the side panel (View > Left Sidebar)
            page.wait_for_timeout(500)
        if os.environ.get("MNIST_LESSONS_BROWSER_SCREENSHOTS"):
            page.screenshot(path=str(Path(os.environ["MNIST_LESSONS_BROWSER_SCREENSHOTS"]) / f"zoom200-{lesson}.png"))
        # Lay out every cell at once (JupyterLab's windowing skips drawing cells off screen), then measure.
        page.add_style_tag(content=".jp-Notebook .jp-Notebook-cell { content-visibility: visible !important; }")
        page.wait_for_timeout(1000)
        measured = page.evaluate(r"""() => {
            const nb = document.querySelector('.jp-NotebookPanel .jp-Notebook');
            const right = nb.getBoundingClientRect().right + 1;
            const out = [];
            let markdown = 0;
            nb.querySelectorAll('.jp-Cell').forEach((cell) => {
              const i = [...cell.parentNode.children].indexOf(cell);
              if (cell.classList.contains('jp-MarkdownCell') && cell.querySelector('.jp-RenderedMarkdown')
                  && cell.querySelector('.jp-RenderedMarkdown').getBoundingClientRect().width) markdown += 1;
              cell.querySelectorAll('.jp-RenderedMarkdown, .jp-OutputArea-output img, .jp-RenderedMarkdown table, .jp-RenderedMarkdown img')
                .forEach((e) => {
                  const r = e.getBoundingClientRect();
                  if (r.width && (r.right > right || e.scrollWidth > e.clientWidth + 1))
                    out.push([cell.dataset.jpfCellId || String(i), e.tagName + ' ' + Math.round(r.width) + ' px wide, scrolls ' + (e.scrollWidth - e.clientWidth) + ' px']);
                });
            });
            return {out, markdown};
        }""")
        too_wide = dict(measured["out"])
        notebook = nbformat.read(NOTEBOOKS / lesson, as_version=4)
        markdown_cells = sum(cell.cell_type == "markdown" for cell in notebook.cells)
        assert measured["markdown"] == markdown_cells, (
            f"{lesson}: only {measured['markdown']} of {markdown_cells} markdown cells were laid out and measured")
        ids = {cell.get("id"): i for i, cell in enumerate(notebook.cells)}
        described = [f"cell {ids.get(key, key)}: {what}" for key, what in too_wide.items()]
        assert not described, f"{lesson}: at 200% zoom these are cut off or scroll sideways:\n" + "\n".join(described)
    finally:
        page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")
        context.close()


def test_lesson_00_works_with_the_keyboard_alone(lab, browser):
    """Run All, answer exercise 1 and check it, present every slide and stop: key presses only."""
    from mnist_lessons.exercises import exercises_of

    source = sorted(NOTEBOOKS.glob("00_*.ipynb"))[0]
    name = "keyboard-" + source.name  # a copy of its own: the student's edit must not reach other tests
    (Path(lab.workspace) / name).write_bytes(source.read_bytes())
    notebook = nbformat.read(source, as_version=4)
    exercise = exercises_of("00")[0]
    check = next(i for i, cell in enumerate(notebook.cells) if cell.source.strip() == f"{exercise.name}.check()")

    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    state = "() => { const nb = window.jupyterapp.shell.currentWidget.content; return {active: nb.activeCellIndex," \
            " mode: nb.mode, deck: document.body.dataset.jpDeckMode === 'presenting'}; }"

    def palette(command: str) -> None:
        page.keyboard.press("Control+Shift+C")
        page.wait_for_timeout(500)
        page.keyboard.type(command)
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")

    try:
        open_lesson(page, lab, name)
        # Run All from the command palette, then wait for the kernel to finish.
        palette("Run All Cells")
        page.wait_for_function(
            "() => { const p = window.jupyterapp.shell.currentWidget; const k = p.sessionContext.session.kernel;"
            " return k.status === 'idle' && p.content.widgets.every((c) => c.model.type !== 'code'"
            " || c.model.executionCount !== null); }", timeout=600_000, polling=500)
        # To the exercise's starter: Escape, then the arrow keys from the top (Shift+Home selects the top).
        page.keyboard.press("Escape")
        page.keyboard.press("Shift+Home")
        page.keyboard.press("ArrowUp")
        for _ in range(check - 1):
            page.keyboard.press("ArrowDown")
        assert page.evaluate(state)["active"] == check - 1, "the arrow keys did not reach the exercise's starter"
        page.keyboard.press("Enter")  # edit mode
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(exercise.solution_code)
        page.keyboard.press("Shift+Enter")  # run the answer, go to the check
        page.keyboard.press("Shift+Enter")  # run the check
        page.wait_for_function(
            "(i) => { const c = window.jupyterapp.shell.currentWidget.content.widgets[i];"
            " return c.model.outputs.length > 0 && JSON.stringify(c.model.outputs.toJSON()).includes('Correct'); }",
            arg=check, timeout=120_000, polling=250)
        # Present from the first slide: Escape, Shift+Home (select to the top), then "Start Deck".
        page.keyboard.press("Escape")
        page.keyboard.press("Shift+Home")
        palette("Start Deck")
        page.wait_for_function("() => document.body.dataset.jpDeckMode === 'presenting'", timeout=10_000)
        assert page.evaluate(state)["active"] == 0, "the deck did not start at the first slide"
        visited = {0}
        for _ in range(4 * len(notebook.cells)):
            before = page.evaluate(state)["active"]
            page.keyboard.press("Space")
            page.wait_for_timeout(150)
            now = page.evaluate(state)["active"]
            if now == before:
                break
            visited.add(now)
        last_shown = max(i for i, cell in enumerate(notebook.cells)
                         if cell.metadata.get("slideshow", {}).get("slide_type") not in ("skip", "notes"))
        assert max(visited) >= last_shown - 1, f"Space stopped at cell {max(visited)}, before the end of the deck"
        page.keyboard.press("Escape")
        page.wait_for_function("() => document.body.dataset.jpDeckMode !== 'presenting'", timeout=10_000)
    finally:
        page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")
        context.close()


# ------------------------------------------------------------------------------------------- website


@pytest.fixture(scope="module")
def website(tmp_path_factory):
    pytest.importorskip("sphinx", reason="the website's accessibility test needs the site extra: pip install -e \".[site]\"")
    from mnist_lessons.website import build_site

    out = tmp_path_factory.mktemp("site") / "html"
    build_site(out)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def log_message(self, *args):  # one line per request would drown pytest's report
            pass

    handler = Quiet
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield out, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_every_page_of_the_website_has_no_serious_accessibility_violation(website, browser, axe):
    out, url = website
    pages = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.html")
                   if not path.relative_to(out).as_posix().startswith(("_static/", "_sources/")))
    assert pages, f"the website build at {out} has no pages"
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    findings = {}
    try:
        for name in pages:
            page.goto(f"{url}/{name}", wait_until="load")
            _, ours = axe_findings(page)
            if ours:
                findings[name] = ours
    finally:
        context.close()
    REPORT.append(f"website: axe on {len(pages)} pages, serious or critical: "
                  + (json.dumps({k: len(v) for k, v in findings.items()}) if findings else "none"))
    assert not findings, "axe finds serious or critical violations on the website:\n" + "\n".join(
        f"{name}: {finding}" for name, found in findings.items() for finding in found[:10])
