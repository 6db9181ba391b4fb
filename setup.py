"""Build hook: the wheel carries what the app reads at run time from the repository's top-level
folders — `templates/` and the seed data in `seeds/` — as `directory/_data/…` (found through
`directory.settings.data_path`). Everything else is declared in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "directory" / "_data"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(ROOT / "templates", target / "templates",
                        ignore=shutil.ignore_patterns("__pycache__"))
        (target / "seeds").mkdir(parents=True)
        for data in (ROOT / "seeds").glob("*.jsonl"):
            shutil.copy2(data, target / "seeds" / data.name)


setup(cmdclass={"build_py": BuildWithData})
