"""Screenshots of the portal's own pages for the manuals, taken by Chromium.

A manual step in the demo content may name a page by key (``demo_content_it``);
``manage.py kb_screenshots --base-url URL`` signs in to a running portal as a
requester, photographs those pages at phone-friendly width and stores each as
the step's screenshot (private storage, shown with the published article).
Run again after the pages change, so the manuals show the portal as it is.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import Article, ManualStep
from .services import manual_step_set_screenshot

VIEWPORT = {"width": 1024, "height": 720}


@dataclass(frozen=True)
class PortalPage:
    path: Callable[[object], str]  # from the signed-in user to the page's path
    alt_nl: str
    alt_en: str


def _first_request(user) -> str:
    ticket = user.tickets.order_by("id").first()
    return f"/requests/{ticket.reference}/" if ticket else "/requests/"


PAGES = {
    "new_request": PortalPage(
        lambda user: "/requests/new/",
        "Het formulier Een aanvraag indienen, met categorie, onderwerp en beschrijving.",
        "The File a request form, with category, subject and description.",
    ),
    "my_requests": PortalPage(
        lambda user: "/requests/",
        "De lijst Mijn aanvragen met de status van elke aanvraag.",
        "The My requests list with the status of each request.",
    ),
    "request_detail": PortalPage(
        _first_request,
        "Een aanvraag met het antwoord van de servicedesk en het antwoordveld.",
        "A request with the service desk's answer and the reply field.",
    ),
    "service_status": PortalPage(
        lambda user: "/status/",
        "De statuspagina: elke dienst met zijn status en de bekende storingen.",
        "The service status page: each service with its state and the known disruptions.",
    ),
    "aup": PortalPage(
        lambda user: "/aup/",
        "Het gebruiksreglement van de universiteit in het portaal.",
        "The university's acceptable use policy in the portal.",
    ),
    "mfa_setup": PortalPage(
        lambda user: "/accounts/mfa/setup/",
        "De pagina om tweestapsverificatie in te stellen: app of sms-code.",
        "The page to set up two-step verification: app or text message code.",
    ),
}


def capture(
    *, base_url: str, user, password: str, keys: set[str], browser=None
) -> dict[str, bytes]:
    """PNG bytes per page key, photographed in Dutch after logging in as ``user``.

    Starts its own Chromium unless given a Playwright ``browser`` (the tests
    share one per session; Playwright allows one sync driver per thread).
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        from core.testing.browser import CHROMIUM_ARGS, CHROMIUM_PATH

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
            )
            try:
                return capture(
                    base_url=base_url, user=user, password=password, keys=keys, browser=own
                )
            finally:
                own.close()
    shots: dict[str, bytes] = {}
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="nl-BE")
    try:
        page = context.new_page()
        page.goto("/accounts/login/?lang=nl")
        page.locator("input[name=login]").fill(user.email)
        page.locator("input[name=password]").fill(password)
        page.locator("form[action='/accounts/login/'] [type=submit]").click()
        page.wait_for_load_state()
        for key in sorted(keys):
            page.goto(PAGES[key].path(user))
            page.wait_for_load_state("networkidle")
            shots[key] = page.screenshot(full_page=False, type="png")
    finally:
        context.close()
    return shots


def refresh_demo_screenshots(*, base_url: str, user, password: str, manuals, browser=None) -> int:
    """Photograph the pages the demo manuals name and store them on their steps."""
    wanted = steps_wanting_screenshots(manuals)
    shots = capture(
        base_url=base_url,
        user=user,
        password=password,
        keys={key for _step, key in wanted},
        browser=browser,
    )
    return attach(wanted=wanted, shots=shots)


def steps_wanting_screenshots(manuals: list) -> list[tuple[ManualStep, str]]:
    """(step, page key) for every demo manual step that names a portal page."""
    wanted = []
    for slug, *_rest, steps in manuals:
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            continue
        for position, (_nl, _en, *screenshot) in enumerate(steps, start=1):
            key = screenshot[0] if screenshot else ""
            step = article.steps.filter(position=position).first()
            if key and step is not None:
                wanted.append((step, key))
    return wanted


def attach(*, wanted: list[tuple[ManualStep, str]], shots: dict[str, bytes]) -> int:
    for step, key in wanted:
        page = PAGES[key]
        manual_step_set_screenshot(
            step=step,
            image=shots[key],
            name=f"{step.article.slug}-{step.position}.png",
            alt_nl=page.alt_nl,
            alt_en=page.alt_en,
        )
    return len(wanted)
