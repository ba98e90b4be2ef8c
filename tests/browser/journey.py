"""Steps of a browser journey: each one named, screenshotted, and named again if it fails.

`with journey.step("adds the jam to the basket"):` runs the step; afterwards the page is
saved as artifacts/browser/<test>/<nn>-<step>.png. When the step raises, the screenshot
is saved as <nn>-FAILED-<step>.png and the error says which step of which journey broke.
Axe-core (tests/browser/node_modules, installed by .ci/run from package-lock.json) is
injected from disk, so no page ever loads it from the network.
"""
import re
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 900}


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


class Journey:
    def __init__(self, name, page):
        self.name, self.page, self.count = name, page, 0
        self.folder = ARTIFACTS / slug(name)
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()

    @contextmanager
    def step(self, what, page=None):
        page = page or self.page
        self.count += 1
        label = f"{self.count:02d}-{slug(what)}"
        try:
            yield page
        except Exception as exc:
            shot = self.folder / f"{self.count:02d}-FAILED-{slug(what)}.png"
            self._shoot(page, shot)
            raise AssertionError(f"{self.name}: step {self.count} “{what}” failed (screenshot {shot}; "
                                 f"page {page.url}): {exc}") from exc
        self._shoot(page, self.folder / f"{label}.png")

    @staticmethod
    def _shoot(page, path):
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception:  # noqa: BLE001  a page that crashed still lets the failure itself be reported
            pass


def axe_violations(page):
    """Serious and critical axe-core violations on the page, as readable lines."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def horizontal_overflow(page):
    """How many CSS pixels the document is wider than the viewport (0 when nothing overflows)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def open_page(chromium, shop, **context_options):
    """A new tab in its own browser context (cookies of its own), on the shop, desktop-sized unless told."""
    context = chromium.new_context(base_url=shop.url, **{"viewport": DESKTOP, **context_options})
    context.set_default_timeout(15_000)
    return context.new_page()


def sign_in(page, front_door, person, button):
    """Sign `person` (a demo account) in at `front_door` ("/cms/", "/shop/dashboard/"), landing back there."""
    page.goto(front_door)
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name=button).click()
    expect(page).to_have_url(re.compile(re.escape(front_door) + "$"))
