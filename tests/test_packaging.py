"""The wheel carries the data files and the scenario schema the package reads at run time."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

pytest.importorskip("hatchling")


def test_wheel_contains_data_files(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("basaltcalc-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    root = ROOT / "basaltcalc" / "data"
    data = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert {"default.yaml", "materials.yaml", "references.yaml", "reproduction/cases.yaml",
            "reproduction/published.yaml"} <= data
    for name in data:
        assert f"basaltcalc/data/{name}" in names
    assert any(n.endswith("entry_points.txt") for n in names)
