"""The API's documentation page in a real browser: readable, no violations, no outside requests."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_api_docs_page_has_no_axe_violations_and_loads_nothing_from_outside(browser, site, width):
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(f"{site.url}/api/v1/docs/")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text().startswith("Lese-API")
    violations = Axe().run(page).response["violations"]
    context.close()
    assert [(v["id"], v["impact"]) for v in violations] == []
    assert all(url.startswith(site.url) for url in requested), requested
