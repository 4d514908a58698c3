"""The publishers' files in ``data/factor-sources`` are the bytes their README cites: each has
its SHA-256 in ``SHA256SUMS``, every checksum matches, and no file goes unlisted."""

import hashlib
from pathlib import Path

# Written by the project about the files, not published with them: not checksummed.
NOTES = {"README.md", "SHA256SUMS", ".gitattributes", "LICENSE.md"}


def listed_checksums(folder: Path) -> dict[str, str]:
    """``SHA256SUMS`` as ``sha256sum`` writes it: a digest, two spaces, a path."""
    checksums = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, path = line.split("  ", 1)
        checksums[path] = digest
    return checksums


def mismatches(folder: Path) -> list[str]:
    """The listed files whose bytes do not have the listed checksum."""
    return [
        path
        for path, digest in listed_checksums(folder).items()
        if hashlib.sha256((folder / path).read_bytes()).hexdigest() != digest
    ]


def test_every_listed_file_has_its_checksum(factor_sources: Path) -> None:
    assert len(listed_checksums(factor_sources)) == 8
    assert mismatches(factor_sources) == []


def test_a_changed_byte_is_caught(factor_sources: Path, tmp_path: Path) -> None:
    name = "gwp/globalwarmingpotentials.csv"
    (tmp_path / "gwp").mkdir()
    (tmp_path / name).write_bytes((factor_sources / name).read_bytes().replace(b"27.9", b"27.8"))
    (tmp_path / "SHA256SUMS").write_text(
        f"{listed_checksums(factor_sources)[name]}  {name}\n", encoding="ascii"
    )
    assert mismatches(tmp_path) == [name]


def test_every_file_is_listed_and_cited(factor_sources: Path) -> None:
    present = {
        path.relative_to(factor_sources).as_posix()
        for path in factor_sources.rglob("*")
        if path.is_file() and path.name not in NOTES
    }
    assert present == set(listed_checksums(factor_sources))
    readme = (factor_sources / "README.md").read_text(encoding="utf-8")
    for path in present:
        assert f"`{path}`" in readme or f"({path})" in readme, f"{path} is not cited"
