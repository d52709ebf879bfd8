"""What others may do with the course: the code's licence, the lessons' licence, the datasets' terms."""

from importlib.metadata import metadata

from .conftest import ROOT


def test_code_and_content_have_their_licences_and_the_package_declares_both():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    content = (ROOT / "LICENSE-CONTENT.md").read_text()
    assert "Creative Commons Attribution 4.0 International" in content
    meta = metadata("mnist-lessons")
    assert meta["License-Expression"] == "MIT AND CC-BY-4.0"
    assert {"LICENSE", "LICENSE-CONTENT.md"} <= set(meta.get_all("License-File") or [])


def test_every_shipped_dataset_has_its_terms_stated_where_reusers_look():
    content = (ROOT / "LICENSE-CONTENT.md").read_text()
    for folder in sorted((ROOT / "data").iterdir()):
        source = (folder / "SOURCE.txt").read_text()
        assert "License" in source, f"{folder.name}/SOURCE.txt states no licence"
        assert f"`data/{folder.name}/`" in content, f"LICENSE-CONTENT.md says nothing of data/{folder.name}/"
