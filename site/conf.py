"""Sphinx configuration of the course website.

Build it with `mnist-lessons site OUT` (not with sphinx-build directly): the command copies this
folder, adds the lesson notebooks prepared for the web (alt text on figures, solutions
collapsed; see mnist_lessons/site_content.py) under lessons/, the original notebooks to
download under _extra/notebooks/, and MathJax under _static/mathjax/, then runs Sphinx.

Offline by design: myst-nb renders the outputs stored in the notebooks and never executes them;
no extension fetches anything while building (no intersphinx, no remote images), and every
script and style sheet the pages load, MathJax included, is served from the site itself.
"""

project = "mnist-lessons"
html_title = "Your first neural network"
author = "the mnist-lessons authors"
copyright = "the mnist-lessons authors; MNIST by LeCun, Cortes and Burges; Fashion-MNIST by Zalando SE"

extensions = ["myst_nb"]

# Lessons are shown exactly as saved, with their stored outputs: never executed here.
nb_execution_mode = "off"
nb_merge_streams = True
# Stored text/markdown outputs (an exercise's table, say) as GitHub-flavoured Markdown, so that their
# tables render as tables (myst-nb's default, CommonMark, has no tables and shows raw pipes).
nb_render_markdown_format = "gfm"
# Notebook Markdown uses $...$ and $$...$$ for maths.
myst_enable_extensions = ["dollarmath"]
myst_heading_anchors = 3

exclude_patterns = ["_build", "_extra", "**/.ipynb_checkpoints", "README.md"]
html_extra_path = ["_extra"]  # the original notebooks, to download, at notebooks/NAME.ipynb

html_theme = "sphinx_book_theme"
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": False,  # it would offer the web-prepared copy; pages link the original
    "use_repository_button": False,
    "use_fullscreen_button": False,
    "navbar_persistent": [],  # one search box: the header's button (no second field in the navbar)
}
# The theme's sidebar without its search field: the header's search button is the one search box.
html_sidebars = {"**": ["navbar-logo.html", "icon-links.html", "sbt-sidebar-nav.html"]}
html_static_path = ["_static"]
html_css_files = ["mnist-lessons.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None

# MathJax 2 from the jupyter-server-mathjax package, copied into _static/mathjax/ by the build.
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
mathjax2_config = {
    "tex2jax": {
        "inlineMath": [["\\(", "\\)"]],
        "displayMath": [["\\[", "\\]"]],
        "processEscapes": True,
        "processClass": "math|output_area",
        "ignoreClass": "document",
    },
    # jupyter-server-mathjax ships the STIX-Web fonts only (as Jupyter's classic notebook used them):
    # without this MathJax asks for its TeX fonts, which are not there.
    "HTML-CSS": {"availableFonts": [], "preferredFont": None, "webFont": "STIX-Web", "imageFont": None},
    "SVG": {"font": "STIX-Web"},
    "messageStyle": "none",
}
