"""The HTML reports rendered in a real headless Chromium (issue 14, item 3).

`.ci/run` installs Debian's `chromium` when it is missing; without it these tests skip, and
pytest's `-ra` summary names the reason. The page is served by a loopback HTTP server and every
host name Chromium might look up is mapped to that server (`--host-resolver-rules`), so any
request the page makes, to any host, is seen and counted. No CDP, no Playwright: `--dump-dom`
and `--screenshot` with the flags of Debian's Chromium on this kind of machine (fresh
`--user-data-dir`, background networking off).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

from llmdeps import pipeline
from llmdeps.analysis.org import OrgReport
from llmdeps.formats import ORG_FORMATS, REPORT_FORMATS
from llmdeps.formats.org_html import (
    BAR_COLOUR,
    OTHERS_COLOUR,
    TRACK_COLOUR,
    model_bars,
    vendor_bars,
)
from tests.browser.png import decode

TOP = Path(__file__).resolve().parents[2]
WIDTH = 1280
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no chromium on PATH (.ci/run installs Debian's chromium; apt-get failed or was not run)",
)


def _org_locks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("org_locks", TOP / "benchmarks" / "org_locks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["org_locks"] = module
    spec.loader.exec_module(module)
    return module


class _Site:
    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.requests: list[tuple[str, str | None]] = []
        """(host and path, Referer) of every request that reached the server."""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                referer = self.headers.get("Referer")
                site.requests.append((f"{self.headers.get('Host')}{self.path}", referer))
                body = site.pages.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def site() -> Iterator[_Site]:
    s = _Site()
    thread = threading.Thread(target=s.server.serve_forever, daemon=True)
    thread.start()
    yield s
    s.server.shutdown()
    s.server.server_close()


def chromium(site: _Site, tmp_path: Path, *args: str, height: int = 900) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    assert BROWSER is not None
    done = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--user-data-dir={profile}",
            f"--window-size={WIDTH},{height}",
            # every host name resolves to the test server: any external request is seen there
            f"--host-resolver-rules=MAP * 127.0.0.1:{site.port}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _org_report(tmp_path: Path, count: int, vendors: int) -> OrgReport:
    repos = _org_locks().write_locks(tmp_path / "locks", count, vendors=vendors, seed=21)
    # a long repository name without a break: the tables must wrap it, not widen the page
    long = repos[0].with_name("field-office-" + "x" * 150)
    repos[0].rename(long)
    repos[0] = long
    return pipeline.org_report(pipeline.OrgReportOptions(tuple(repos), jobs=1))


def _pages(tmp_path: Path) -> dict[str, str]:
    from llmdeps.analysis.report import build_report
    from llmdeps.catalog import Catalog
    from llmdeps.lockfile import read

    org = _org_report(tmp_path, 30, 14)
    single = build_report(
        read(TOP / "inventory.example.yaml"), Catalog.load(), without=None, date=None
    )
    return {
        "/org.html": ORG_FORMATS["html"].render(org),
        "/report.html": REPORT_FORMATS["html"].render(single),
    }


def test_pages_run_no_script_and_request_nothing_else(site: _Site, tmp_path: Path) -> None:
    for path, html in _pages(tmp_path).items():
        site.pages[path] = html.encode("utf-8")
        site.requests.clear()
        dom = chromium(site, tmp_path, "--virtual-time-budget=3000", "--dump-dom", site.url(path))
        assert "<svg" in dom and "</table>" in dom, path
        assert "<script" not in dom.lower() and "<script" not in html.lower(), path
        # A request the page makes (style, font, image, frame) names the page as its Referer:
        # there is none, but for the favicon Chromium asks the page's origin for (a 404).
        made = [r for r, referer in site.requests if referer and not r.endswith("/favicon.ico")]
        assert made == [], (path, made)
        # Without a Referer: the page itself, and Chromium's own calls home (its network
        # clock), which the flags cannot all turn off; they are the browser's, not the page's.
        own = [r for r, referer in site.requests if not referer]
        assert any(r.endswith(path) for r in own)
        strays = [r for r in own if not r.endswith(path) and not _browser_service(r)]
        assert strays == [], (path, strays)
        # and nothing in the page could send a request without naming itself
        assert "referrerpolicy" not in html.lower() and "rel=\"noreferrer" not in html.lower()


_BROWSER_SERVICES = (".google.com", ".googleapis.com", ".gstatic.com", ".gvt1.com")


def _browser_service(request: str) -> bool:
    """A host Chromium itself calls (network clock, updates, safe browsing), not the page."""
    host = request.split("/", 1)[0].rsplit(":", 1)[0]
    return host.endswith(_BROWSER_SERVICES)


def _measured(html: str) -> str:
    """A copy of the page that writes its layout width into its title (a test-only script; the
    page's CSP, which forbids scripts, is dropped from the copy only)."""
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = (
        "<script>document.title = 'W' + document.documentElement.scrollWidth + 'x' + "
        "window.innerWidth + 'B' + document.body.scrollWidth;</script>"
    )
    return html.replace("</body>", probe + "</body>")


def test_nothing_is_cut_off_at_1280_px(site: _Site, tmp_path: Path) -> None:
    for path, html in _pages(tmp_path).items():
        site.pages[path] = _measured(html).encode("utf-8")
        dom = chromium(site, tmp_path, "--dump-dom", site.url(path))
        found = re.search(r"<title>W(\d+)x(\d+)B(\d+)</title>", dom)
        assert found, dom[:500]
        scroll, inner, body = map(int, found.groups())
        assert inner == WIDTH, (path, inner)
        assert scroll <= WIDTH and body <= WIDTH, (path, scroll, body)


def _bands(rows: list[list[tuple[int, int, int]]]) -> list[tuple[int, int, bool]]:
    """Each horizontal bar in the screenshot: (filled px, track px, is `others`), top to bottom."""
    bar = tuple(int(BAR_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    others = tuple(int(OTHERS_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    track = tuple(int(TRACK_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    out: list[tuple[int, int, bool]] = []
    inside = False
    for row in rows:
        filled = sum(p == bar for p in row)
        grey = sum(p == others for p in row)
        rest = sum(p == track for p in row)
        # a bar's middle row: its fill and its track together span the bar width
        is_bar = filled + grey + rest > 300
        if is_bar and not inside:
            out.append((filled + grey, rest, grey > filled))
        inside = is_bar
    return out


def test_screenshot_shows_the_expected_bars(site: _Site, tmp_path: Path) -> None:
    report = _org_report(tmp_path, 12, 11)
    site.pages["/org.html"] = ORG_FORMATS["html"].render(report).encode("utf-8")
    shot = tmp_path / "org.png"
    chromium(site, tmp_path, f"--screenshot={shot}", site.url("/org.html"), height=1500)
    bands = _bands(decode(shot.read_bytes()))
    expected = [*vendor_bars(report), *model_bars(report)]
    assert len(bands) == len(expected), (bands, expected)
    for (filled, track, grey), (label, fraction, _, others) in zip(bands, expected, strict=True):
        width = filled + track
        assert abs(width - 480) <= 2, (label, width)
        assert abs(filled / width - fraction) <= 0.01, (label, filled / width, fraction)
        assert grey == others, label
    # the vendor chart ends with one others bar, and so does the models chart
    assert [b[2] for b in bands].count(True) == 2
