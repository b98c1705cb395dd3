"""Package discovery that pyproject.toml cannot express: the top-level ``resources/`` folder (the
layout DESIGN §1 gives) ships inside the wheel as the ``parkgis.resources`` package."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["parkgis", "parkgis.*"]) + ["parkgis.resources"],
    package_dir={"parkgis.resources": "resources"},
)
