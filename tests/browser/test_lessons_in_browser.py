"""Every lesson, run and presented in a real browser, as a student and an instructor would.

For each notebook in notebooks/ (copied into a fresh JupyterLab on 127.0.0.1, with an empty home
folder and Debian's Chromium at 1280x720):

- Run > Run All Cells finishes, with no error and nothing on stderr in any cell;
- every ``LivePlot`` redraws while it trains (the picture changes at least twice: after the first epoch, at most once a second after that, and at the end);
- every slider moves and changes the figure it drives;
- then, as an instructor straight after Run All (the last cells still selected, no click on the
  title), one click on the deck button in the notebook toolbar opens jupyterlab-slideshow on the
  first slide (the course's JupyterLab setting defaults, jupyter-settings/mnist-lessons.json5, make
  the button select the first cell before it starts the deck); then, stepping through the whole
  deck with the space bar: every cell that is not marked "skip" is shown, every slide fits in
  720 px (no slide scrolls: the room sees all of it), nothing on a slide scrolls sideways (no code
  line or output wider than the slide), body text is large enough for a classroom,
  the sliders still work, and presenting never writes the notebook.

Skipped, with the reason, when Playwright or a system Chromium is missing (see conftest.py).
Run it alone with ``pytest tests/browser``; each lesson's run time and slide count are printed
at the end.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path

import nbformat
import pytest

from .conftest import NOTEBOOKS, REPORT, VIEWPORT

LESSONS = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))

RUN_ALL_TIMEOUT_S = 900  # far above the ~1 min a lesson takes: only a hung cell should hit it
MIN_TEXT_PX = 24  # body text while presenting: 24 px of 720 is 18 pt on a 7.5 in slide, the usual minimum for a projector
MIN_CODE_PX = 18
MIN_LIVE_FRAMES = 3  # the empty axes, then at least two epochs drawn
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# MNIST_LESSONS_BROWSER_SCREENSHOTS=folder saves every step of every slideshow there, to look at.
SCREENSHOTS = Path(os.environ["MNIST_LESSONS_BROWSER_SCREENSHOTS"]) if os.environ.get("MNIST_LESSONS_BROWSER_SCREENSHOTS") else None

# Helpers installed in the page, reading JupyterLab's own objects (window.jupyterapp).
HELPERS_JS = r"""
() => {
  const app = window.jupyterapp;
  const T = (window.__lessonTest = {});
  T.panel = () => app.shell.currentWidget;
  T.cells = () => T.panel().content.widgets;
  T.hash = (s) => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return (h >>> 0).toString(16) + ':' + s.length;
  };
  T.images = (i) => [...T.cells()[i].node.querySelectorAll('.jp-OutputArea-output img')].map((img) => T.hash(img.src));
  T.label = () => T.cells().forEach((cell, i) => { cell.node.dataset.lessonCell = String(i); });
  T.watchLivePlots = () => {
    const watched = [];
    T.cells().forEach((cell, i) => {
      if (cell.model.type === 'code' && cell.model.sharedModel.getSource().includes('LivePlot(')) watched.push(i);
    });
    T.frames = Object.fromEntries(watched.map((i) => [i, []]));
    const record = () => {
      for (const i of watched) for (const h of T.images(i)) if (!T.frames[i].includes(h)) T.frames[i].push(h);
    };
    T.observer = new MutationObserver(record);
    T.observer.observe(T.panel().content.node, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  };
  T.outputs = () => T.cells().map((cell) => (cell.model.type === 'code' ? cell.model.outputs.toJSON() : []));
  T.deck = () => {
    const nb = T.panel().content;
    const outer = nb.node.querySelector('.jp-WindowedPanel-outer') || nb.node;
    const on = [];
    T.cells().forEach((cell, i) => { if (cell.node.classList.contains('jp-deck-mod-onscreen')) on.push(i); });
    const sizes = (selector) => [...nb.node.querySelectorAll('.jp-deck-mod-onscreen ' + selector)]
      .filter((e) => e.getClientRects().length && e.textContent.trim())
      .map((e) => parseFloat(getComputedStyle(e).fontSize));
    const text = sizes('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li');
    const code = sizes('.jp-InputArea-editor .cm-line');
    return {
      presenting: document.body.dataset.jpDeckMode === 'presenting',
      active: nb.activeCellIndex, on,
      scrollHeight: outer.scrollHeight, clientHeight: outer.clientHeight, scrollTop: outer.scrollTop,
      text: text.length ? Math.min(...text) : null, code: code.length ? Math.min(...code) : null,
      heights: on.map((i) => Math.round(T.cells()[i].node.getBoundingClientRect().height)),
      // what would scroll sideways: a code line wider than its editor, an output wider than its area
      wide: on.flatMap((i) => [...T.cells()[i].node.querySelectorAll('.cm-scroller, .jp-OutputArea-output')]
        .filter((e) => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1)
        .map((e) => [i, (e.classList.contains('cm-scroller') ? 'code' : 'output') + ' ' + (e.scrollWidth - e.clientWidth) + ' px'])),
    };
  };
  T.scrollTop = (value) => {
    const nb = T.panel().content;
    const outer = nb.node.querySelector('.jp-WindowedPanel-outer') || nb.node;
    outer.scrollTop = value;
  };
  T.focusNotebook = () => { const nb = T.panel().content; (nb.activeCell ? nb.activeCell.node : nb.node).focus(); };
}
"""


def slide_types(notebook: nbformat.NotebookNode) -> list[str | None]:
    """Each cell's slide type; None for "continue the slide" (no type, or nbformat's "-")."""
    types = []
    for cell in notebook.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        types.append(None if kind in (None, "", "-") else kind)
    return types


def expected_slides(types: list[str | None]) -> list[int]:
    """Indexes of the cells that start a slide or subslide (the first cell always does)."""
    starts = []
    for i, kind in enumerate(types):
        if kind in ("skip", "notes"):
            continue
        if not starts or kind in ("slide", "subslide"):
            starts.append(i)
    return starts


_news_prompt_answered = False


def dismiss_news_prompt(page) -> None:
    """A fresh JupyterLab asks, once, whether to fetch Jupyter news; answer No so the toast leaves the
    screen (the answer is kept in the test's settings, so later lessons do not wait for it)."""
    global _news_prompt_answered
    if _news_prompt_answered:
        return
    with contextlib.suppress(Exception):  # the prompt is optional: it may not appear at all
        page.get_by_role("button", name="No", exact=True).click(timeout=3000)
    _news_prompt_answered = True


def wait_for(page, predicate_js: str, arg=None, timeout_s: float = 30) -> bool:
    try:
        page.wait_for_function(predicate_js, arg=arg, timeout=timeout_s * 1000, polling=250)
        return True
    except Exception:  # Playwright's TimeoutError; the caller turns it into an assertion with context
        return False


def move_slider(page, cell_index: int) -> tuple[bool, str]:
    """Drag the first slider in a cell by a fifth of its width; True if the cell's figure changed."""
    cell = page.locator(f'[data-lesson-cell="{cell_index}"]')
    handle = cell.locator(".widget-slider .noUi-handle").first
    track = cell.locator(".widget-slider .noUi-target").first
    if handle.count() == 0:
        return False, "no slider is rendered (a widget shown as text means the widget manager failed)"
    handle.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let the view settle before aiming the mouse
    value = handle.get_attribute("aria-valuenow")
    before = page.evaluate("(i) => window.__lessonTest.images(i)", cell_index)
    hbox, tbox = handle.bounding_box(), track.bounding_box()
    if hbox is None or tbox is None:
        return False, "the slider is not visible"
    x, y = hbox["x"] + hbox["width"] / 2, hbox["y"] + hbox["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - tbox["width"] / 5, y, steps=8)
    page.mouse.up()
    changed = wait_for(
        page,
        "([i, before]) => { const now = window.__lessonTest.images(i); return now.length > 0 && JSON.stringify(now) !== JSON.stringify(before); }",
        [cell_index, before],
    )
    if changed:
        return True, ""
    moved = handle.get_attribute("aria-valuenow") != value
    return False, ("the slider moved but its figure did not change within 30 s" if moved else
                   f"dragging the slider's handle (at {hbox}) did not move it")


def file_state(lab, name: str) -> tuple[str, str]:
    model = lab.api(f"contents/{name}?content=0")
    return model["last_modified"], hashlib.sha256((Path(lab.workspace) / name).read_bytes()).hexdigest()


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_and_presents_in_the_browser(lesson, lab, browser):
    notebook = nbformat.read(Path(lab.workspace) / lesson, as_version=4)
    types = slide_types(notebook)
    slides = expected_slides(types)
    shown_types = {i for i, kind in enumerate(types) if kind not in ("skip", "notes")}

    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        # --- as a student: open the lesson, Run All ------------------------------------------
        page.goto(f"{lab.url}/lab/tree/{lesson}?reset", wait_until="domcontentloaded")
        assert wait_for(
            page,
            "(name) => { const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
            " return !!(p && p.context && p.context.path === name && p.sessionContext && p.sessionContext.session"
            " && p.sessionContext.session.kernel && p.sessionContext.session.kernel.status === 'idle'); }",
            lesson,
            timeout_s=120,
        ), f"{lesson}: the notebook did not open with an idle kernel within 120 s\n{lab.log_tail()}"
        dismiss_news_prompt(page)
        page.evaluate(HELPERS_JS)
        page.evaluate("() => { window.__lessonTest.label(); window.__lessonTest.watchLivePlots(); }")

        started = time.monotonic()
        page.evaluate(
            "() => { window.__runAll = window.jupyterapp.commands.execute('notebook:run-all-cells')"
            ".then((ok) => (window.__runAllDone = {ok}), (e) => (window.__runAllDone = {ok: false, error: String(e)})); }"
        )
        finished = wait_for(page, "() => window.__runAllDone !== undefined", timeout_s=RUN_ALL_TIMEOUT_S)
        run_seconds = time.monotonic() - started
        assert finished, f"{lesson}: Run All did not finish within {RUN_ALL_TIMEOUT_S} s"
        page.evaluate("() => window.__lessonTest.observer.disconnect()")

        outputs_by_cell = page.evaluate("() => window.__lessonTest.outputs()")
        problems = []
        for i, outputs in enumerate(outputs_by_cell):
            for output in outputs:
                if output.get("output_type") == "error":
                    problems.append(f"cell {i}: error {output.get('ename')}: {output.get('evalue')}")
                elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                    problems.append(f"cell {i}: stderr: {''.join(output.get('text', ''))[:300]!r}")
        assert not problems, f"{lesson}: Run All left errors or stderr output:\n" + "\n".join(problems)
        assert page.evaluate("() => window.__runAllDone.ok"), f"{lesson}: Run All reported failure"

        frames = page.evaluate("() => window.__lessonTest.frames")
        for cell, seen in frames.items():
            assert len(seen) >= MIN_LIVE_FRAMES, (
                f"{lesson}: the LivePlot in cell {cell} showed {len(seen)} different pictures during training;"
                f" expected at least {MIN_LIVE_FRAMES} (it draws the first epoch, then at most once a second, and the end)"
            )

        widget_cells = [
            i for i, outputs in enumerate(outputs_by_cell) if any(WIDGET_MIME in output.get("data", {}) for output in outputs)
        ]
        for i in widget_cells:
            moved, why = move_slider(page, i)
            assert moved, f"{lesson}: in the notebook view, the slider in cell {i} does not work: {why}"

        # Save once, as the student would; from here on nothing may write the file.
        page.evaluate("() => window.__lessonTest.panel().context.save()")
        saved = file_state(lab, lesson)

        # --- as an instructor, straight after Run All: the deck button, no click on the title --
        selected = page.evaluate("() => window.__lessonTest.panel().content.activeCellIndex")
        assert selected > 0, (
            f"{lesson}: after Run All the selected cell is {selected}; this test expects a later cell selected"
            " (JupyterLab leaves the last one), to check that presenting still starts at the first slide"
        )
        deck_button = page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="deck"] [data-command]')
        assert deck_button.count() == 1, f"{lesson}: the notebook toolbar has no deck button (is jupyterlab-slideshow installed?)"
        deck_command = deck_button.get_attribute("data-command")
        deck_button.click()
        assert wait_for(page, "() => window.__lessonTest.deck().presenting"), f"{lesson}: the deck did not start"
        first = page.evaluate("() => window.__lessonTest.deck()")
        assert first["active"] == 0 and slides[0] in first["on"], (
            f"{lesson}: with cell {selected} selected, the deck button started the slideshow at cell {first['active']}"
            f" (showing {first['on']}), not at the first slide. The button runs {deck_command!r}; the course's"
            " setting defaults make it 'apputils:run-all-enabled' (select the first cell, then 'deck:toggle'):"
            " is share/jupyter/lab/settings/overrides.d/mnist-lessons.json5 installed? (pip install -e . again)"
        )

        seen_cells: set[int] = set()
        overflow: dict[int, int] = {}  # slide's first cell -> px beyond 720
        content_px: dict[int, int] = {}  # slide's first cell -> the height of what it shows
        tallest: dict[int, str] = {}  # slide's first cell -> its tallest cells, to say what makes it long
        unscrollable: list[str] = []
        too_wide: dict[int, str] = {}  # cell -> what is wider than the slide (it would scroll sideways)
        wheel_tried: set[int] = set()
        text_px, code_px = [], []
        widgets_tried: dict[int, str] = {}
        state = first
        for step in range(4 * len(notebook.cells) + 10):
            if SCREENSHOTS:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / f"{Path(lesson).stem}-{step:03d}-cell{state['active']}.png"))
            seen_cells.update(state["on"])
            slide = min(state["on"]) if state["on"] else state["active"]
            extra = state["scrollHeight"] - state["clientHeight"]
            content_px[slide] = max(content_px.get(slide, 0), sum(state["heights"]))
            if extra >= overflow.get(slide, 0):
                overflow[slide] = extra
                ranked = sorted(zip(state["heights"], state["on"], strict=True), reverse=True)[:2]
                tallest[slide] = ", ".join(f"cell {i} is {h} px" for h, i in ranked)
            if extra > 0 and slide not in wheel_tried:
                wheel_tried.add(slide)
                page.mouse.move(VIEWPORT["width"] / 2, VIEWPORT["height"] / 2)
                page.mouse.wheel(0, 300)
                if not wait_for(page, "() => window.__lessonTest.deck().scrollTop > 0", timeout_s=5):
                    unscrollable.append(f"slide at cell {slide}: {extra} px cut off and the mouse wheel does not scroll it")
                page.evaluate("() => window.__lessonTest.scrollTop(0)")
            for cell, what in state["wide"]:
                too_wide.setdefault(cell, what)
            if state["text"] is not None:
                text_px.append(state["text"])
            if state["code"] is not None:
                code_px.append(state["code"])
            for i in widget_cells:
                if i in state["on"] and i not in widgets_tried:
                    moved, why = move_slider(page, i)
                    widgets_tried[i] = "" if moved else why
                    page.evaluate("() => window.__lessonTest.scrollTop(0)")
            page.evaluate("() => window.__lessonTest.focusNotebook()")
            page.keyboard.press("Space")
            if not wait_for(page, "(before) => window.__lessonTest.panel().content.activeCellIndex !== before",
                            state["active"], timeout_s=2):
                break  # the space bar no longer moves: the end of the deck
            page.wait_for_timeout(100)  # let the slide's layout settle before measuring it
            state = page.evaluate("() => window.__lessonTest.deck()")

        page.locator(".jp-Deck-Remote .jp-deck-mod-stop").click()  # the remote's Exit Deck button
        assert wait_for(page, "() => !window.__lessonTest.deck().presenting"), f"{lesson}: the slideshow did not stop"
        page.wait_for_timeout(500)
        unchanged = file_state(lab, lesson) == saved

        long_slides = {cell: px for cell, px in overflow.items() if px > 0}
        REPORT.append(
            f"{lesson}: Run All {run_seconds:.0f} s, {len(slides)} slides, "
            f"{len(long_slides)} taller than 720 px (they scroll), {len(too_wide)} cells wider than the slide; the tallest slide's cells add up to {max(content_px.values())} px"
            + "".join(f"\n    slide at cell {c}: +{px} px ({tallest[c]})" for c, px in sorted(long_slides.items()))
        )

        missing = sorted(shown_types - seen_cells)
        assert not missing, (
            f"{lesson}: presenting never showed cells {missing} (slide types "
            f"{[notebook.cells[i].metadata.get('slideshow', {}).get('slide_type') for i in missing]}); jupyterlab-slideshow"
            " hides cells whose slide_type is '-': delete the key instead, it means the same"
        )
        reached = sorted({c for c in overflow if c in slides})
        assert reached == slides, f"{lesson}: presenting reached slides starting at cells {reached}, expected {slides}"
        assert not unscrollable, f"{lesson}: " + "; ".join(unscrollable)
        assert not long_slides, (
            f"{lesson}: {len(long_slides)} slides do not fit 1280x720 and would scroll in front of the class: "
            + "; ".join(f"the slide at cell {c} by {px} px ({tallest[c]})" for c, px in sorted(long_slides.items()))
            + ". Split the slide (a subslide), shorten its text or code, or shrink its figure.")
        assert not too_wide, (
            f"{lesson}: while presenting, these scroll sideways (wider than the 1280 px slide): "
            + "; ".join(f"cell {c}: {what}" for c, what in sorted(too_wide.items()))
            + ". Wrap the code (at most about 88 characters a line) or shorten the printed lines.")
        assert text_px and min(text_px) >= MIN_TEXT_PX, (
            f"{lesson}: body text while presenting is {min(text_px, default=0):.0f} px, expected at least {MIN_TEXT_PX} px at 720p"
            " (the notebook's @deathbeds/jupyterlab-fonts metadata sets it)"
        )
        assert not code_px or min(code_px) >= MIN_CODE_PX, (
            f"{lesson}: code while presenting is {min(code_px):.0f} px, expected at least {MIN_CODE_PX} px"
        )
        assert set(widgets_tried) == set(widget_cells), f"{lesson}: widget cells {sorted(set(widget_cells) - set(widgets_tried))} never came on screen"
        broken = {i: why for i, why in widgets_tried.items() if why}
        assert not broken, f"{lesson}: while presenting, sliders do not work: {broken}"
        assert unchanged, f"{lesson}: the notebook file changed on disk while presenting"
    finally:
        try:  # one lesson's kernel at a time: the machine may have only two cores
            page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")
        finally:
            context.close()
