"""Smoke test of the frozen bundle (``dist/parkgis``), run by ``make package`` and by ``.ci/run``.

Each program is started as on an offline PC: an empty environment (``PATH=/usr/bin:/bin``, no venv,
no PYTHONPATH, no network use) and the bundle's own files. Steps, each asserted:

1. ``parkgis --version`` says this version;
2. ``parkgis info`` on the sample lists its layers;
3. ``parkgis check`` on the sample: the JSON equals the one the source tree's parkgis writes;
4. ``parkgis webmap`` on the sample: the page opens in headless Chromium offline, requests nothing
   outside the file and draws the parcels; ``parkgis precheck`` of B4-01 writes its PDF dossier with
   the bundle's Chinese font embedded;
5. the desktop app under Xvfb (``parkgis --self-test``): opens a copy of the sample, draws the map, runs
   the check, exports a web map and shows it in the in-app preview — as root and as an ordinary user
   (uid 65534) when run as root, since QtWebEngine treats the two differently.

Prints a line per step with its time, and the time from starting the desktop program to a drawn map
(target ≤ 3 s). Exit 0 when every step passed.

    python packaging/smoke_test.py [dist/parkgis]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "layers" / "ordos_sample.gpkg"
NOBODY = 65534
PATHS_JS = "return {paths: document.querySelectorAll('.leaflet-overlay-pane path').length};"


def clean_env(**extra: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    env.update(extra)
    return env


class Smoke:
    def __init__(self, bundle: Path) -> None:
        self.bundle = bundle.resolve()
        self.exe = self.bundle / "parkgis"
        self.work = Path(tempfile.mkdtemp(prefix="parkgis-smoke-"))
        os.chmod(self.work, 0o777)
        self.failures: list[str] = []

    def step(self, name: str, action) -> None:
        t0 = time.perf_counter()
        try:
            detail = action()
            status = "ok  "
        except Exception as exc:   # every step runs; the failures are listed at the end
            detail = f"{type(exc).__name__}: {exc}"
            status = "FAIL"
            self.failures.append(name)
        print(f"{status} {name} ({time.perf_counter() - t0:.1f} s){': ' + str(detail) if detail else ''}", flush=True)

    def run(self, *args: str, env: dict | None = None, timeout: float = 300, user: int | None = None):
        cmd = [str(self.exe), *args]
        if user is not None:
            cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env or clean_env(), timeout=timeout,
                              cwd=self.work)
        if proc.returncode != 0:
            raise AssertionError(f"exit {proc.returncode}: {(proc.stderr or proc.stdout)[-1500:]}")
        return proc

    # ------------------------------------------------------------------ steps
    def contents(self):
        inside = self.bundle / "_internal"
        wanted = ["parkgis-gui", "_internal/layers/ordos_sample.gpkg", "_internal/resources/rulesets",
                  "_internal/resources/translations/parkgis_zh_CN.qm", "_internal/resources/build_info.json",
                  "_internal/LICENSES/README.txt", "_internal/LICENSES/Qt", "_internal/LICENSES/Leaflet",
                  "_internal/fonts/NotoSansCJK-Regular.ttc", "_internal/pyproj/proj_dir/share/proj/proj.db",
                  "_internal/pyogrio/gdal_data/gcs.csv" if (inside / "pyogrio/gdal_data/gcs.csv").exists()
                  else "_internal/pyogrio/gdal_data/header.dxf",
                  "_internal/PySide6/Qt/translations/qtbase_zh_CN.qm",
                  "_internal/PySide6/Qt/translations/qtwebengine_locales/zh-CN.pak",
                  "_internal/PySide6/Qt/libexec/QtWebEngineProcess", "_internal/PySide6/Qt/plugins/platforms/libqxcb.so"]
        missing = [w for w in wanted if not (self.bundle / w).exists()]
        assert not missing, f"missing: {missing}"
        stray = [p.name for p in (inside / "PySide6" / "Qt" / "lib").glob("libQt6Quick3D*")] + \
            [str(p) for p in (inside / "PySide6" / "Qt").glob("qml")]
        assert not stray, f"not pruned: {stray}"
        return f"{len(wanted)} required files present"

    def version(self):
        sys.path.insert(0, str(REPO))
        from parkgis import __version__
        out = self.run("--version").stdout.strip()
        assert out == f"parkgis {__version__}", out
        return out

    def info(self):
        out = self.run("info", str(SAMPLE)).stdout
        assert "地块" in out and "生态保护红线" in out, out[:500]
        return f"{out.count('图层 layer:')} layers"

    def check(self):
        frozen = self.work / "frozen.json"
        source = self.work / "source.json"
        self.run("check", str(SAMPLE), "--format", "json", "-o", str(frozen))
        subprocess.run([sys.executable, "-m", "parkgis", "check", str(SAMPLE), "--format", "json", "-o", str(source)],
                       check=True, capture_output=True, cwd=REPO)
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (frozen, source))
        assert a == b, "the frozen check differs from the source tree's"
        return f"{len(a['parcels'])} parcels, equal to the source tree's"

    def webmap(self):
        sys.path.insert(0, str(REPO / "tests" / "webmap"))
        from webmap_browser import run_in_page

        page = self.work / "map.html"
        self.run("webmap", str(SAMPLE), "-o", str(page))
        found = run_in_page(page.read_text(encoding="utf-8"), PATHS_JS, budget_ms=6000)
        outside = [r for r in found["resources"] if not r.startswith(("file:", "data:", "blob:"))]
        assert not outside, f"requests: {outside[:5]}"
        assert not found["probe"]["errors"], found["probe"]["errors"][:3]
        assert found.get("paths", 0) > 1000, found
        return f"{found['paths']} shapes drawn, no request"

    def dossier(self):
        pdf = self.work / "B4-01.pdf"
        self.run("precheck", str(SAMPLE), "--parcel", "ZGE-B4-01", "-o", str(pdf))
        head = pdf.read_bytes()[:5]
        assert head == b"%PDF-", head
        if shutil.which("pdffonts"):
            fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
            assert "NotoSansCJK" in fonts and " yes " in fonts, fonts      # the Chinese font, embedded
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
            assert "ZGE-B4-01" in text and "界址点" in text, text[:300]
        return f"{pdf.stat().st_size // 1024} KiB, the CJK font embedded"

    def desktop(self, user: int | None, bundle: Path):
        report = self.work / f"selftest-{user if user is not None else os.getuid()}.json"
        display = os.environ.get("DISPLAY")
        env = clean_env(DISPLAY=display or "", **({"XAUTHORITY": os.environ["XAUTHORITY"]}
                                                  if os.environ.get("XAUTHORITY") else {}))
        cmd = [str(bundle / "parkgis"), "--self-test", str(report)]
        if user is not None:
            cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=self.work)
        drawn_at = None
        lines = []
        for line in proc.stdout:
            lines.append(line.rstrip())
            if drawn_at is None and line.startswith("ok   draw the map"):
                drawn_at = time.perf_counter() - t0
        code = proc.wait(timeout=300)
        stderr = proc.stderr.read()
        if code != 0:
            raise AssertionError(f"exit {code}: {' | '.join(lines[-6:])} {stderr[-800:]}")
        doc = json.loads(report.read_text(encoding="utf-8"))
        assert doc["ok"] and len(doc["steps"]) == 6, doc
        assert doc["build"]["kind"] == "bundle" and doc["build"].get("date"), doc["build"]   # what 关于 shows
        self.start_to_map = drawn_at
        return f"start to a drawn map {drawn_at:.2f} s; " + ", ".join(f"{s['step']} {s['ms']:.0f} ms" for s in doc["steps"])

    def bundle_for(self, user: int) -> Path:
        """The bundle where ``user`` can read it (a copy when its folder is closed to others, e.g. /root)."""
        probe = subprocess.run(["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", "test", "-x",
                                str(self.exe)], capture_output=True)
        if probe.returncode == 0:
            return self.bundle
        copy = self.work / "bundle"
        shutil.copytree(self.bundle, copy, symlinks=True)
        subprocess.run(["chmod", "-R", "a+rX", str(copy)], check=True)
        return copy

    def main(self) -> int:
        print(f"bundle {self.bundle} ({_size(self.bundle)})", flush=True)
        self.step("the bundle holds what the programs need", self.contents)
        self.step("parkgis --version", self.version)
        self.step("parkgis info on the sample", self.info)
        self.step("parkgis check on the sample (JSON as the source tree's)", self.check)
        self.step("parkgis webmap on the sample, opened offline in Chromium", self.webmap)
        self.step("parkgis precheck of B4-01 with its PDF dossier", self.dossier)
        if not os.environ.get("DISPLAY"):
            self.step("desktop self-test", lambda: (_ for _ in ()).throw(RuntimeError("no DISPLAY (run under xvfb-run)")))
        else:
            who = "root" if os.getuid() == 0 else "this user"
            self.step(f"desktop self-test as {who}", lambda: self.desktop(None, self.bundle))
            if os.getuid() == 0 and shutil.which("setpriv"):
                self.step("desktop self-test as an ordinary user (uid 65534)",
                          lambda: self.desktop(NOBODY, self.bundle_for(NOBODY)))
        shutil.rmtree(self.work, ignore_errors=True)
        if self.failures:
            print(f"smoke test FAILED: {', '.join(self.failures)}", flush=True)
            return 1
        print("smoke test passed", flush=True)
        return 0


def _size(folder: Path) -> str:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return f"{total / 2 ** 20:.0f} MiB"


def start_xvfb() -> subprocess.Popen:
    """A private X server for the desktop steps. ``-ac``: the ordinary user of step 5 cannot read root's
    X authority file, and the server listens on a local socket only (``-nolisten tcp``)."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp",
                               "-ac"], pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):       # Xvfb writes the number, then the newline; closing early kills it
        chunk = os.read(read, 32)
        if not chunk:
            raise RuntimeError("Xvfb did not start")
        number += chunk
    number = number.decode().strip()
    os.close(read)
    os.environ["DISPLAY"] = f":{number}"
    os.environ.pop("XAUTHORITY", None)
    return server


if __name__ == "__main__":
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "dist" / "parkgis"
    xvfb = start_xvfb() if shutil.which("Xvfb") else None
    try:
        code = Smoke(bundle).main()
    finally:
        if xvfb is not None:
            xvfb.terminate()
    sys.exit(code)
