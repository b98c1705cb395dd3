"""Load a web map page in headless Chromium (Debian package ``chromium``) with the network cut off,
run a check script in the page and return what it reports.

The page is copied with two additions: a probe at the start of ``<head>`` (records script errors,
``console.error``, ``alert`` calls and the hosts of all requests) and, at the end, a script that runs
the check ``body`` after the load event and writes its JSON result into the DOM, which
``--dump-dom`` prints. No network: DNS resolves nothing and a dead proxy takes every request.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

PROBE = """<script>
window.__probe = {errors: [], alerts: [], consoleErrors: []};
window.addEventListener('error', function (e) {
  window.__probe.errors.push(String(e.message || (e.target && (e.target.src || e.target.href)) || e));
}, true);
(function () {
  var ce = console.error;
  console.error = function () {
    window.__probe.consoleErrors.push(Array.prototype.map.call(arguments, String).join(' '));
    return ce.apply(console, arguments);
  };
}());
window.alert = function (m) { window.__probe.alerts.push(String(m)); };
window.confirm = window.prompt = window.alert;
</script>"""

RUNNER = """<script>
window.addEventListener('load', function () {
  setTimeout(function () {
    var out;
    try { out = (function () { %s })() || {}; } catch (e) { out = {exception: String(e && e.stack || e)}; }
    out.probe = window.__probe;
    out.resources = performance.getEntriesByType('resource').map(function (r) { return r.name; });
    var pre = document.createElement('pre');
    pre.id = 'pk-probe-out';
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }, %d);
});
</script>"""

_OUT_RE = re.compile(r'<pre id="pk-probe-out">(.*?)</pre>', re.S)


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def offline_flags(user_dir: str) -> list[str]:
    return ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--disable-default-apps", f"--user-data-dir={user_dir}",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
            "--allow-file-access-from-files"]


def instrument(page: str, body: str, delay_ms: int = 50) -> str:
    page = page.replace("<head>", "<head>" + PROBE, 1)
    return page.replace("</html>", RUNNER % (body, delay_ms) + "</html>")


def run_in_page(page_html: str, body: str, *, window: str = "1400,900", budget_ms: int = 4000,
                timeout: float = 90.0) -> dict:
    """Open ``page_html`` (instrumented) offline and return the dict the JS ``body`` returns,
    plus ``probe`` (errors, alerts) and ``resources`` (URLs the page requested)."""
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("chromium is not installed (Debian package 'chromium'); .ci/run installs it")
    with tempfile.TemporaryDirectory(prefix="pk-chromium-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(instrument(page_html, body), encoding="utf-8")
        cmd = [exe, *offline_flags(str(Path(tmp) / "profile")), f"--window-size={window}",
               f"--virtual-time-budget={budget_ms}", "--dump-dom", page.as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "LANG": "zh_CN.UTF-8"})
    m = _OUT_RE.search(proc.stdout)
    if not m:
        raise AssertionError(f"the page did not report (exit {proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(html.unescape(m.group(1)))


def screenshot(page_path: Path, png: Path, *, window: str = "1400,900", budget_ms: int | None = 3000,
               fragment: str = "") -> float:
    """Screenshot a page file offline; returns the wall time in seconds."""
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="pk-chromium-") as tmp:
        t0 = time.perf_counter()
        budget = [f"--virtual-time-budget={budget_ms}"] if budget_ms else []
        subprocess.run([exe, *offline_flags(tmp), f"--window-size={window}", *budget,
                        f"--screenshot={png}", Path(page_path).resolve().as_uri() + fragment],
                       capture_output=True, text=True, timeout=120)
        return time.perf_counter() - t0
