"""The palette passes for every reader: each role colour stands out from the figure background
(WCAG 2.2 contrast), and the roles drawn together stay apart under simulated colour-vision
deficiencies (CIEDE2000 after daltonlens' simulations), measured here rather than promised.

Run with ``-s`` to see the table: each role's contrast, and each group's smallest ΔE per vision.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mnist_lessons import palette

simulate = pytest.importorskip("daltonlens.simulate", reason="pip install -e '.[dev]' (daltonlens)")
coloraide = pytest.importorskip("coloraide", reason="pip install -e '.[dev]' (coloraide)")

MIN_CONTRAST = 3.0  # WCAG 2.2 SC 1.4.11, lines and shapes
MIN_TEXT_CONTRAST = 4.5  # WCAG 2.2 SC 1.4.3, body text
MIN_DELTA_E = 20.0

SIMULATORS = {
    "protan": (simulate.Simulator_Brettel1997(), simulate.Deficiency.PROTAN),
    "deutan": (simulate.Simulator_Brettel1997(), simulate.Deficiency.DEUTAN),
    "tritan": (simulate.Simulator_Brettel1997(), simulate.Deficiency.TRITAN),
    "protan (Machado)": (simulate.Simulator_Machado2009(), simulate.Deficiency.PROTAN),
    "deutan (Machado)": (simulate.Simulator_Machado2009(), simulate.Deficiency.DEUTAN),
}
"""Brettel, Viénot and Mollon 1997 for all three (daltonlens' recommendation, the one valid for
tritan), and Machado 2009 for protan and deutan; all at severity 1 (a full deficiency)."""

VISIONS = ("normal", *SIMULATORS)
COLOURS = vars(palette)
"""The palette's names and colours (another palette's can be given to ``table`` to compare)."""


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.uint8)


def seen(colour: str, vision: str) -> str:
    """``colour`` as a reader with ``vision`` sees it, as a hex code."""
    if vision == "normal":
        return colour
    simulator, deficiency = SIMULATORS[vision]
    pixel = simulator.simulate_cvd(_rgb(colour).reshape(1, 1, 3), deficiency, severity=1.0)[0, 0]
    return "#" + "".join(f"{int(v):02x}" for v in pixel)


def relative_luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour."""
    c = _rgb(colour) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(colour: str, background: str = palette.BACKGROUND) -> float:
    """WCAG 2.2's contrast ratio, 1 to 21."""
    light, dark = sorted((relative_luminance(colour), relative_luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def delta_e(a: str, b: str) -> float:
    """CIEDE2000 between two sRGB colours."""
    return coloraide.Color(a).delta_e(coloraide.Color(b), method="2000")


def smallest_delta_e(names, vision: str, colours=COLOURS) -> tuple[float, str, str]:
    """The closest pair of the roles ``names`` for a reader with ``vision``: (ΔE, role, role)."""
    return min((delta_e(seen(colours[a], vision), seen(colours[b], vision)), a, b)
               for a, b in itertools.combinations(names, 2))


def table(colours=COLOURS, groups=palette.FIGURE_ROLES) -> str:
    """The report: each role's colour and contrast, then each group's smallest ΔE per vision."""
    roles = sorted({role for names in groups.values() for role in names})
    lines = ["| role | colour | contrast on white |", "| --- | --- | --- |"]
    lines += [f"| {role} | {colours[role]} | {contrast(colours[role]):.2f} |" for role in roles]
    lines += ["", "| roles in one figure | " + " | ".join(VISIONS) + " |", "|---" * (len(VISIONS) + 1) + "|"]
    for group, names in groups.items():
        cells = []
        for vision in VISIONS:
            value, a, b = smallest_delta_e(names, vision, colours)
            cells.append(f"{value:.1f} ({a}/{b})")
        lines.append(f"| {group} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def test_the_simulations_and_the_measures_are_the_published_ones():
    """Oracles: WCAG's own examples, Sharma et al.'s CIEDE2000 test pair, and what a full
    deficiency does to the colour it cannot see."""
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)  # the lightest grey with 4.5:1 on white
    lab = coloraide.Color("lab-d65", [50, 2.6772, -79.7751]), coloraide.Color("lab-d65", [50, 0, -82.7485])
    assert lab[0].delta_e(lab[1], method="2000") == pytest.approx(2.0425, abs=1e-4)  # Sharma 2005, pair 1
    for vision in ("protan", "deutan"):  # red and green collapse; blue and yellow stay apart
        assert delta_e(seen("#D00000", vision), seen("#00A000", vision)) < 0.5 * delta_e("#D00000", "#00A000")
        assert delta_e(seen("#0000D0", vision), seen("#D0D000", vision)) > 50
    assert delta_e(seen("#0072B2", "tritan"), seen("#009E73", "tritan")) < 15  # the old palette's weak pair


def test_every_role_colour_stands_out_from_the_background():
    roles = sorted({role for names in palette.FIGURE_ROLES.values() for role in names})
    low = {role: round(contrast(vars(palette)[role]), 2) for role in roles
           if contrast(vars(palette)[role]) < MIN_CONTRAST}
    assert low == {}, f"below {MIN_CONTRAST}:1 against {palette.BACKGROUND}"
    runs = {i: round(contrast(colour), 2) for i, (colour, _, _) in enumerate(palette.RUN_STYLES)
            if contrast(colour) < MIN_CONTRAST}
    assert runs == {}


def test_feedback_text_colours_are_readable_as_text():
    low = {role: round(contrast(vars(palette)[role]), 2) for role in palette.TEXT_ROLES
           if contrast(vars(palette)[role]) < MIN_TEXT_CONTRAST}
    assert low == {}


def test_roles_drawn_together_stay_apart_for_every_colour_vision():
    print("\n" + table())
    close = {(group, vision): smallest_delta_e(names, vision)
             for group, names in palette.FIGURE_ROLES.items() for vision in VISIONS
             if smallest_delta_e(names, vision)[0] < MIN_DELTA_E}
    assert close == {}


def test_every_role_a_module_draws_with_is_in_a_checked_group():
    """A role a plotting module imports is in FIGURE_ROLES, so its contrast is checked."""
    import ast
    from pathlib import Path

    grouped = {role for names in palette.FIGURE_ROLES.values() for role in names}
    for module in ("plots", "diagrams", "live"):
        tree = ast.parse((Path(palette.__file__).parent / f"{module}.py").read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and node.module == "palette" for alias in node.names}
        assert imported - grouped - {"run_style", "SPLIT_STYLES"} == set(), module


def test_runs_differ_by_marker_and_line_style_not_colour_alone():
    markers = [marker for _, marker, _ in palette.RUN_STYLES]
    styles = [str(style) for _, _, style in palette.RUN_STYLES]
    assert len(set(markers)) == len(markers) and len(set(styles)) == len(styles)
    splits = list(palette.SPLIT_STYLES.values())
    assert len({marker for _, marker, _ in splits}) == len({style for _, _, style in splits}) == 3
