"""The browser every browser test module drives: one headless Chromium per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chromium import start_chromium
from selenium.webdriver.remote.webdriver import WebDriver


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()
