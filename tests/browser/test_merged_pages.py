"""A merged service page in headless Chromium: what a reader sees of a passage the page shows only once."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from chromium import serving
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.slow  # a site build and a browser: `make test` runs it, `make check` does not


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log on the test output."""


@pytest.fixture(scope="module")
def base(site: tuple[Path, str]) -> Iterator[str]:
    with serving(partial(_QuietHandler, directory=str(site[0]))) as url:
        yield url


def test_hovering_also_in_shows_the_hidden_wording(browser: WebDriver, base: str, site: tuple[Path, str]) -> None:
    """The IAM page hides the cheat sheet's "Roles are created and then “assumed” by trusted entities" behind a
    richer line of another notebook; hovering its "also in" link shows that wording in Material's tooltip.

    The links are found by their `href` and `textContent`, which nothing on the page changes: Material moves a
    `title` into its tooltip once it mounts one, and WebDriver's `text` is empty for what it judges not shown (two
    CI runs found no link either way; neither failure happened here). The shipped HTML carries the title."""
    wording = "Roles are created and then “assumed” by trusted entities"
    shipped = (site[0] / "services" / "iam" / "index.html").read_text(encoding="utf-8")
    assert f'#iam-roles" title="{wording}">SAA-C03 cheat sheet › IAM Roles' in shipped
    browser.get(f"{base}/services/iam/")
    try:
        links = WebDriverWait(browser, 10).until(_links_to_the_cheat_sheets_iam_roles)
    except TimeoutException:
        pytest.fail(f"no 'also in' link to the cheat sheet's IAM Roles; the browser has {_what_is_shown(browser)}")
    assert wording in [_tooltip_of(browser, link) for link in links]


def _links_to_the_cheat_sheets_iam_roles(driver: WebDriver) -> list[WebElement]:
    """The IAM page's "also in" links to the cheat sheet's IAM Roles section, once the page has them."""
    found: list[WebElement] = driver.execute_script(
        "return [...document.querySelectorAll('.nkb-also a[href$=\"#iam-roles\"]')]"
        ".filter(a => a.textContent.includes('cheat sheet › IAM Roles'))"
    )
    return found


def _what_is_shown(browser: WebDriver) -> str:
    """What the browser is showing, for a failure's message: which page, how far loaded, how many "also in" links."""
    state = browser.execute_script(
        "return [document.readyState, document.title, document.querySelectorAll('.nkb-also a').length,"
        " document.body ? document.body.innerText.length : -1]"
    )
    return f"url={browser.current_url} readyState={state[0]} title={state[1]!r} also-links={state[2]} text={state[3]}"


def _tooltip_of(browser: WebDriver, link: WebElement) -> str:
    """The text of the tooltip Material shows while the pointer is on `link`; the pointer then rests on the sticky
    header's title, so the tooltip goes before the next link is hovered."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    ActionChains(browser).move_to_element(link).perform()

    def shown_tooltip(driver: WebDriver) -> WebElement | None:
        return next((t for t in driver.find_elements(By.CSS_SELECTOR, ".md-tooltip2") if t.is_displayed()), None)

    text: str = WebDriverWait(browser, 10).until(shown_tooltip).text
    ActionChains(browser).move_to_element(browser.find_element(By.CSS_SELECTOR, ".md-header__title")).perform()
    WebDriverWait(browser, 10).until_not(shown_tooltip)
    return text
