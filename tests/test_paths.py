"""How files are named relative to a root: SARIF URIs, fingerprints, baselines, batch ids."""

from __future__ import annotations

from pathlib import Path

from privacy_audit.paths import is_inside, posix_relative, relative_path


def test_is_inside_takes_whole_folder_names_not_prefixes(tmp_path: Path) -> None:
    app = tmp_path / "app"
    assert is_inside(str(app / "src" / "AndroidManifest.xml"), str(app))
    assert is_inside(str(app), str(app))
    assert not is_inside(str(tmp_path / "app-old" / "AndroidManifest.xml"), str(app))
    assert not is_inside(str(app / ".." / "lib" / "x.xml"), str(app))


def test_posix_relative_climbs_out_with_dot_dot(tmp_path: Path) -> None:
    app = tmp_path / "app"
    assert posix_relative(str(app / "src" / "main" / "AndroidManifest.xml"), str(app)) == "src/main/AndroidManifest.xml"
    assert posix_relative(str(tmp_path / "lib" / "x.xml"), str(app)) == "../lib/x.xml"


def test_relative_path_keeps_a_path_outside_the_root_as_given(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    assert relative_path(str(root / "app" / "policy.md"), str(root)) == "app/policy.md"
    outside = str(tmp_path / "elsewhere" / "policy.md")
    assert relative_path(outside, str(root)) == outside
    assert relative_path("app/policy.md", None) == "app/policy.md"
