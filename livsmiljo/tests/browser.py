"""Helpers for browser tests: log in through the real form, check a page with axe-core.

Fixtures (`asgi_server`, `browser`, `page`) live in the root conftest.py; mark tests `@pytest.mark.browser`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page

    from livsmiljo.organisations.models import User

PASSWORD = "ett-langt-losenord-for-test"
BLOCKING_IMPACTS = ("serious", "critical")


def login(page: Page, base_url: str, user: User, password: str = PASSWORD) -> None:
    """Log in through the real login form and wait until the site has left the login page."""
    page.goto(f"{base_url}/konto/logga-in/")
    page.locator("#id_username").fill(user.username)  # by id: works in Swedish and English
    page.locator("#id_password").fill(password)
    page.locator("main form button").click()
    page.wait_for_url(lambda url: "/konto/logga-in/" not in url)


def axe_violations(page: Page, *, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[dict[str, Any]]:
    """Run axe-core (bundled by axe-playwright-python) on the page; return violations of the given impacts."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One readable block per violation: rule, impact, help text, and the offending elements."""
    lines: list[str] = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"][:8]:
            target = ", ".join(str(t) for t in node["target"])
            lines.append(f"    * {target}: {node.get('html', '')[:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page: Page, *, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> None:
    """Fail when axe finds serious or critical WCAG violations on the page as it is now."""
    violations = axe_violations(page, impacts=impacts)
    if violations:
        raise AssertionError(
            f"axe found {len(violations)} serious/critical violation(s) on {page.url}:\n"
            + format_violations(violations)
        )


# Reported by the page itself too: Chromium's own console line names the directive, this names the source.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
  + ` at ${e.sourceFile}:${e.lineNumber}`));
"""


def collect_csp_violations(context: BrowserContext) -> list[str]:
    """Record every Content-Security-Policy violation on the pages of a browser context: a blocked script,
    style, eval or connection otherwise fails silently (an HTMX swap or a WebSocket that never happens)."""
    found: list[str] = []
    context.add_init_script(_CSP_LISTENER)

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or message.text.startswith("CSP violation"):
            found.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)
    return found
