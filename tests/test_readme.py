"""The README's Python example runs as written, and its two commands are the ones CI runs."""
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_python_example_runs(monkeypatch, tmp_path):
    block = re.search(r"## Python\n\n```python\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(ROOT)
    block = block.replace('"grid.nc"', repr(str(tmp_path / "grid.nc")))
    namespace = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert namespace["res"]["cost_ratio"].shape == (200, 100)
    assert namespace["grid"].sizes["transport.landed_cost"] == 40
    assert (tmp_path / "grid.nc").exists()


def test_readme_commands_match_ci():
    assert "pip install . && basaltcalc run" in README
    assert "pip install '.[test]' && pytest" in README
    assert "pip install '.[test]' && pytest" in (ROOT / ".ci" / "run").read_text()


def test_readme_samples_are_what_the_program_prints():
    """The README's sample outputs and the numbers of its prose are generated
    (``python tools/readme_samples.py``); any drift from what the program prints fails here."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_samples", ROOT / "tools" / "readme_samples.py")
    samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(samples)
    assert set(m["name"] for m in samples.PART.finditer(README)) == set(samples.PARTS)
    fresh = samples.render(README)
    assert samples.drifted(README, fresh) == [], "run: python tools/readme_samples.py"
    assert fresh == README
