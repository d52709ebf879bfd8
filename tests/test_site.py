"""`mnist-lessons site OUT`: the website builds offline, and every internal link of it resolves.

Needs the site extra (pip install -e ".[site]"); plain `pytest` skips it without, and `.ci/run`
installs the extra and runs this file after the main suite (with MNIST_LESSONS_SITE_TESTS=required,
which turns the skip into a failure).
"""

from __future__ import annotations

import functools
import html
import http.server
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from mnist_lessons import course, site_content
from mnist_lessons.website import MARKER, TOOLS, build_site

COMMAND = Path(sys.executable).parent / "mnist-lessons"
MISSING = [package for module, package in TOOLS.items() if importlib.util.find_spec(module) is None]
if MISSING and os.environ.get("MNIST_LESSONS_SITE_TESTS") == "required":
    raise RuntimeError(f"MNIST_LESSONS_SITE_TESTS=required but the site extra is missing: {MISSING}")
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f'needs the site extra ({", ".join(MISSING)}): pip install -e ".[site]"; .ci/run does'
)


def _offline_prefix() -> list[str]:
    """A command prefix that runs a program in a network namespace of its own: no network at all."""
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        if shutil.which(prefix[0]) and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return []


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The website, built once by the real command with no network (its time and size printed)."""
    out = tmp_path_factory.mktemp("site") / "html"
    prefix = _offline_prefix()
    if not prefix and os.environ.get("CI"):
        pytest.fail("cannot make a network-less namespace (unshare -n) to prove the build is offline")
    started = time.perf_counter()
    result = subprocess.run([*prefix, str(COMMAND), "site", str(out)], capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert [p.name for p in out.parent.iterdir()] == ["html"], "the build wrote beside OUT"
    print(f"\nsite built {'with no network ' if prefix else ''}in {seconds:.1f} s, {size / 1e6:.1f} MB")
    print(result.stdout)
    return out


class _Page(HTMLParser):
    """The ids, links and resources of one HTML page, and its open <details> tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.images: list[dict] = []
        self.details: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(key):
                self.ids.add(attributes[key])
        for key in ("href", "src"):
            if attributes.get(key) is not None:
                self.links.append((tag, key, attributes[key]))
        if tag == "img":
            self.images.append(attributes)
        if tag == "details":
            self.details.append(attributes)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)


def check_links(root: Path) -> tuple[list[str], list[str], int]:
    """Every internal link and resource of the site at ``root``: the broken ones, the external
    resources a page would load (scripts, style sheets, images, fonts), and how many were checked."""
    pages = {path: _parse(path) for path in root.rglob("*.html")}
    broken, external, checked = [], [], 0
    for path, page in pages.items():
        for tag, attribute, value in page.links:
            if EXTERNAL.match(value):  # a plain link elsewhere is fine; loading something from there is not
                harmless = value.startswith(("data:", "mailto:", "javascript:"))
                plain_link = (tag, attribute) == ("a", "href") and value.startswith(("http:", "https:"))
                if not (harmless or plain_link):
                    external.append(f"{path.relative_to(root)}: <{tag} {attribute}={value!r}>")
                continue
            parts = urlsplit(value)
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{path.relative_to(root)}: {value} (no file {target})")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(root)}: {value} (no id {parts.fragment!r} in {target.name})")
    for css in root.rglob("*.css"):
        for value in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css.read_text(encoding="utf-8", errors="replace")):
            if value.startswith("data:") or value.startswith("#"):
                continue
            if EXTERNAL.match(value):
                external.append(f"{css.relative_to(root)}: url({value})")
                continue
            checked += 1
            if not (css.parent / unquote(urlsplit(value).path)).is_file():
                broken.append(f"{css.relative_to(root)}: url({value})")
    return broken, external, checked


def test_every_internal_link_resolves_and_nothing_is_loaded_from_the_internet(site):
    broken, external, checked = check_links(site)
    print(f"{checked} internal links and resources checked")
    assert checked > 100
    assert not broken, "\n".join(broken[:30])
    assert not external, "\n".join(external[:30])


def test_the_link_checker_finds_a_broken_link_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<a id="top" href="b.html#nowhere">b</a><img src="missing.png" alt="x">'
                                     '<a href="a.html#top">ok</a><script src="https://cdn.example/x.js"></script>')
    (tmp_path / "b.html").write_text('<p id="here">b</p>')
    broken, external, checked = check_links(tmp_path)
    assert checked == 3 and len(broken) == 2 and external == ["a.html: <script src='https://cdn.example/x.js'>"]


def test_a_page_per_lesson_with_navigation_and_search(site):
    lessons = course.lesson_files()
    index = (site / "index.html").read_text(encoding="utf-8")
    for number, lesson in enumerate(lessons):
        page = site / "lessons" / (lesson.stem + ".html")
        assert page.is_file(), page
        assert f'href="lessons/{lesson.stem}.html"' in index
        text = page.read_text(encoding="utf-8")
        if number + 1 < len(lessons):
            assert re.search(rf'class="right-next"\s+href="{re.escape(lessons[number + 1].stem)}\.html"', text)
        assert 'href="../search.html"' in text or "search.html" in text
        # The original notebook can be downloaded, byte for byte.
        assert (site / "notebooks" / lesson.name).read_bytes() == lesson.read_bytes()
    assert (site / "search.html").is_file()
    index_js = (site / "searchindex.js").read_text(encoding="utf-8")
    assert "perceptron" in index_js.lower()
    assert (site / MARKER).is_file()


def test_stored_outputs_are_shown_as_saved(site):
    """Each page shows its notebook's checked outputs, exactly as stored (nothing re-executed)."""
    for lesson in course.lesson_files():
        nb = json.loads(lesson.read_text(encoding="utf-8"))
        page = html.unescape((site / "lessons" / (lesson.stem + ".html")).read_text(encoding="utf-8"))
        stored = [
            line
            for cell in nb["cells"]
            if "nbval-check-output" in cell.get("metadata", {}).get("tags", [])
            for output in cell.get("outputs", [])
            if output["output_type"] == "stream"
            for line in "".join(output["text"]).splitlines()
            if line.strip()
        ]
        assert stored, f"{lesson.name} has no checked output to compare"
        for line in stored[:5]:
            assert line.strip() in page, f"{lesson.name}: stored output {line!r} is not on its page"


def test_every_figure_has_alt_text(site):
    count = 0
    for page in (site / "lessons").glob("*.html"):
        for image in _parse(page).images:
            count += 1
            assert image.get("alt", "").startswith("Figure"), f"{page.name}: {image}"
    assert count >= 20


def test_solutions_are_folded_until_opened(site):
    """Every solution block is a closed <details>; each lesson with a solution (a "Solution"
    section, cells tagged `solution`, or an exercise's `solution()`) shows it folded."""
    for lesson in course.lesson_files():
        nb = json.loads(lesson.read_text(encoding="utf-8"))
        web = site_content.for_the_web(nb, lesson.name)
        expected = sum('<details class="mnist-solution">' in "".join(c["source"]) for c in web["cells"]
                       if c["cell_type"] == "markdown")
        markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        if site_content.SOLUTION_HEADING.search(markdown) or site_content.SOLUTION_CALL.search(code):
            assert expected, f"{lesson.name} has a solution but nothing folds it"
        page = _parse(site / "lessons" / (lesson.stem + ".html"))
        folded = [d for d in page.details if "mnist-solution" in d.get("class", "")]
        assert len(folded) == expected, lesson.name
        assert all("open" not in d for d in page.details), f"{lesson.name}: a solution is open"


def test_a_second_build_replaces_the_first_and_a_foreign_folder_is_refused(site, tmp_path):
    foreign = tmp_path / "my-files"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("mine")
    with pytest.raises(RuntimeError, match="did not make; it will not replace them"):
        build_site(foreign)
    assert (foreign / "thesis.txt").read_text() == "mine"
    out = tmp_path / "site"
    shutil.copytree(site, out)
    (out / "stale.html").write_text("old")
    result = build_site(out, lessons=course.lesson_files()[:1])
    assert not (out / "stale.html").exists() and (out / MARKER).is_file()
    assert result.lessons == [course.lesson_files()[0].stem]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-files", "site"], "the build left something beside OUT"


def test_exercise_hints_and_solutions_render_folded_on_the_page(tmp_path):
    """A lesson ending with the exercises of mnist_lessons.exercises, as issue 12's notebooks do:
    on its page every exercise's hints and solution, and the questionnaire's answers, sit in
    closed <details> blocks, and the solution's code appears nowhere outside them."""
    exercises = pytest.importorskip("mnist_lessons.exercises")
    lesson = course.lesson_files()[0]
    number = lesson.name[:2]
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    already = any("mnist_lessons.exercises" in "".join(c["source"]) for c in nb["cells"])
    for kind, text in [] if already else exercises.notebook_cells(number):
        cell = {"cell_type": kind, "metadata": {}, "source": text, "id": f"exercise-{len(nb['cells'])}"}
        if kind == "code":
            cell.update(outputs=[], execution_count=None)
        nb["cells"].append(cell)
    path = tmp_path / lesson.name
    path.write_text(json.dumps(nb), encoding="utf-8")
    build_site(tmp_path / "html", lessons=[path])
    page = (tmp_path / "html" / "lessons" / (lesson.stem + ".html")).read_text(encoding="utf-8")
    blocks = re.findall(r'<details class="mnist-(solution|hint)">(.*?)</details>', page, re.S)
    found = exercises.exercises_of(number)
    assert [kind for kind, _ in blocks].count("hint") == len(found)
    assert [kind for kind, _ in blocks].count("solution") == len(found) + 1  # + the questionnaire's answers
    assert "<details open" not in page
    outside = re.sub(r"<details.*?</details>", "", page, flags=re.S)
    for exercise in found:
        first_line = next(line for line in exercise.solution_code.splitlines() if line.strip() and "..." not in line)
        words = re.findall(r"\w+", first_line)
        pattern = r"\W+".join(words)  # the highlighted code splits the line into spans
        folded = [text for kind, text in blocks if kind == "solution"]
        assert any(re.search(pattern, re.sub(r"<[^>]+>", " ", html.unescape(t))) for t in folded), first_line
        if first_line.strip() not in lesson.read_text(encoding="utf-8"):  # the lesson itself may use the same line
            assert not re.search(pattern, re.sub(r"<[^>]+>", " ", html.unescape(outside))), f"{first_line!r} unfolded"


def test_a_reader_in_a_real_browser(site):
    """Debian's Chromium, driven by Playwright, reads the site from a loopback web server: the first
    lesson opens from the home page with its figures loaded, a folded solution opens on a click,
    maths is typeset by the site's own MathJax, search finds the lessons, and no request leaves
    127.0.0.1 or fails."""
    sync_api = pytest.importorskip("playwright.sync_api", reason='needs Playwright: pip install -e ".[browser]"')
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("needs Chromium from the system package manager (apt-get install chromium)")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    problems: list[str] = []

    def only_loopback(route):
        if route.request.url.startswith((base, "about:", "data:")):
            route.continue_()
        else:
            problems.append(f"left the site: {route.request.url}")
            route.abort()

    first = course.lesson_files()[0]
    title = site_content.first_heading(json.loads(first.read_text(encoding="utf-8")))
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.route("**/*", only_loopback)
            page.on("requestfailed", lambda request: request.url.startswith(("about:", "data:"))
                    or problems.append(f"failed: {request.url} ({request.failure})"))
            page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
            page.goto(f"{base}/index.html")
            page.locator(f'a[href="lessons/{first.stem}.html"]').first.click()
            page.wait_for_load_state("load")
            assert page.url == f"{base}/lessons/{first.stem}.html"
            assert title in page.locator("h1").first.inner_text()
            broken = page.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).length")
            assert page.locator("img").count() > 0 and broken == 0
            for html_page in sorted((site / "lessons").glob("*.html")):
                text = html_page.read_text(encoding="utf-8")
                if "mnist-solution" in text:
                    page.goto(f"{base}/lessons/{html_page.name}")
                    folded = page.locator("details.mnist-solution").first
                    assert folded.evaluate("d => d.open") is False
                    folded.locator("summary").click()
                    assert folded.evaluate("d => d.open") is True
                    page.wait_for_load_state("networkidle")
                if 'class="math notranslate' in text:
                    page.goto(f"{base}/lessons/{html_page.name}")
                    page.wait_for_selector(".MathJax, .MathJax_Display", state="attached", timeout=20000)
                    page.wait_for_load_state("networkidle")  # the fonts MathJax asks for, all served
            page.goto(f"{base}/search.html?q=perceptron")
            page.wait_for_selector("#search-results li", timeout=20000)
            assert page.locator("#search-results li").count() >= 1
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert not problems, "\n".join(problems)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_one_search_box_and_stored_tables_render_as_tables(site):
    """Issue 22: one search box per page; Markdown tables (stored outputs, the instructors' and
    maintainers' pages) are HTML tables, never raw pipes; the author's empty progress table is not
    on the pages, so a search for one lesson's exercise finds that lesson only."""
    pages = [site / "index.html", *sorted((site / "lessons").glob("*.html")), *sorted((site / "docs").glob("*.html"))]
    assert len(pages) == len(course.lesson_files()) + 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.count("search-button__button") == 1, f"{page.name}: not exactly one search box"
        plain = html.unescape(re.sub(r"<[^>]+>", "", text))
        assert not re.search(r"^\s*\|\s*(---|—)\s*\|", plain, re.M), f"{page.name} shows a table as raw pipes"
    assert "<table" in (site / "docs" / "maintainers.html").read_text(encoding="utf-8")
    for lesson in course.lesson_files():
        text = (site / "lessons" / (lesson.stem + ".html")).read_text(encoding="utf-8")
        if "progress()" in lesson.read_text(encoding="utf-8"):
            assert html.escape("your own progress") in text or "your own progress" in text, lesson.name
    first = (site / "lessons" / (course.lesson_files()[0].stem + ".html")).read_text(encoding="utf-8")
    assert "Rosenblatt&#8217;s update rule" not in first and "Rosenblatt's update rule" not in first
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Python 3.10 to 3.14" in index and 'href="docs/instructors.html"' in index


def test_a_stored_markdown_table_output_is_rendered_as_a_table(tmp_path):
    """A cell's stored text/markdown output holding a table (as an exercise's or a timing table's
    is) becomes an HTML table on the page, not raw pipes."""
    lesson = course.lesson_files()[0]
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    table = "| run | seconds |\n| --- | --- |\n| constant rate | 41 |\n| schedule | 43 |\n"
    nb["cells"].append({"cell_type": "code", "metadata": {}, "source": "show_timings()", "id": "timing-table",
                        "execution_count": None,
                        "outputs": [{"output_type": "display_data", "metadata": {},
                                     "data": {"text/markdown": table, "text/plain": "timings"}}]})
    path = tmp_path / lesson.name
    path.write_text(json.dumps(nb), encoding="utf-8")
    build_site(tmp_path / "html", lessons=[path])
    page = (tmp_path / "html" / "lessons" / (lesson.stem + ".html")).read_text(encoding="utf-8")
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", page, re.S)]
    wanted = ["run", "seconds", "constant rate", "41", "schedule", "43"]
    assert [c for c in cells if c in wanted] == wanted
    assert "| constant rate |" not in page
