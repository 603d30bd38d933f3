"""Helpers for the browser tests: Debian's Chromium and axe-core."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium(in_ci: bool) -> None:
    """Skip without Chromium, or fail in CI where browser tests are mandatory."""
    if Path(CHROMIUM).exists():
        return
    reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    if in_ci:
        pytest.fail(f"{reason}; mandatory in CI")
    pytest.skip(reason)


def serious_violations(page: object) -> list[str]:
    """axe-core violations of serious or critical impact on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def log_in_teacher(page: object, server_url: str, email: str, password: str) -> None:
    """Log the page in through the login form."""
    page.goto(server_url + "/login")
    page.get_by_label("Email or nickname").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


SIZES = ((1280, 800), (360, 640))


def layout_problems(page: object, name: str, *, axe: bool = True) -> list[str]:
    """Page-level sideways scroll at 1280x800 and 360x640, and axe's serious violations at
    360 px, where wide tables scroll inside their regions (no rule of ours differs by width
    otherwise, and axe is the slow part: ``axe=False`` where another test runs it)."""
    page.wait_for_load_state("load")  # a click waits for the next page to start, not to load
    found = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            found.append(f"{name} at {width} px scrolls sideways ({wide} px)")
    if axe:
        found += [f"{name} at 360 px: {v}" for v in serious_violations(page)]
    return found
