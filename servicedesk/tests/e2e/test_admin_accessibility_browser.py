"""Every admin page staff use passes axe, in Dutch and in English, with no other language left.

The pages are not listed by hand: the sweep walks the admin's registry
(changelist, add and change page of every registered model, and each
ModelAdmin's own extra pages) plus the site's index and app pages, so a new
model or page is checked the day it is registered. One browser context per
(person, language), signed in once, keeps it fast.
"""

import re
from pathlib import Path

import axe_playwright_python
import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, reverse

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
# Only the violations: axe's default also details every pass, which is most of its time.
AXE_RUN = """() => axe.run(document, {resultTypes: ["violations"]}).then(result =>
    result.violations.map(v => v.id + " (" + v.help + "): " +
        v.nodes.map(n => n.target.join(" ") + " " + n.html.slice(0, 160)).join("; ")))"""

pytestmark = [pytest.mark.browser]

STANDARD = {"changelist", "add", "change", "delete", "history"}
# Not admin pages but what admin pages embed or download: a mail's own HTML
# (shown in a sandboxed frame, under a policy that runs no script, so axe
# cannot run in it), JSON and file answers. The pages that show them are swept.
NOT_PAGES = {"html_body", "original", "view_counts", "export"}
# Words of the other language in the admin's own chrome (headers, labels,
# column heads, buttons), not in the data shown: demo content is bilingual.
LEAKS = {
    "nl": re.compile(
        r"Django|Model name|Add link|Change or view list link|\bAssignee\b|\bSave\b|"
        r"\bDelete\b|\bSearch\b|\bHistory\b|\bRequest\b"
    ),
    "en": re.compile(r"Django|beheer|Aanvraag|Behandelaar|Toevoegen|Wijzigen|Opslaan|Zoeken"),
}
CHROME = (
    "() => Array.from(document.querySelectorAll("
    "'#header, .breadcrumbs, h1, caption, thead th, label, legend, .submit-row, "
    "#changelist-filter summary, .actions button')"
    ").map(e => e.textContent + ' ' + (e.value || '')).join(' | ')"
)


def _object_pk(model) -> str | None:
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return None if first is None else str(first)


def _request_as(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def admin_pages(lead) -> list[tuple[str, bool]]:
    """The admin's pages from its registry, each with whether the lead may open it.

    Changelists, add and change pages of every registered model and each
    ModelAdmin's extra pages; the lead's own pages are checked as the lead,
    the rest as a superuser (so each page is loaded once).
    """
    from accounts.models import User
    from tickets.models import Ticket

    root = _request_as(User(is_superuser=True, is_staff=True, is_active=True))
    as_lead = _request_as(lead)
    ticket_pk = _object_pk(Ticket)
    pages = [(reverse("admin:index"), True)]
    lead_apps = set()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        info = f"admin:{opts.app_label}_{opts.model_name}"
        lead_sees = model_admin.has_module_permission(
            as_lead
        ) and model_admin.has_view_or_change_permission(as_lead)
        if lead_sees:
            lead_apps.add(opts.app_label)
        pages.append((reverse(f"{info}_changelist"), lead_sees))
        if model_admin.has_add_permission(root):
            pages.append((reverse(f"{info}_add"), model_admin.has_add_permission(as_lead)))
        pk = _object_pk(model)
        if pk is not None:
            pages.append((reverse(f"{info}_change", args=[pk]), lead_sees))
        for pattern in model_admin.urls:
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue
            suffix = pattern.name.removeprefix(f"{opts.app_label}_{opts.model_name}_")
            if suffix in STANDARD or suffix in NOT_PAGES or suffix == pattern.name:
                continue
            params = pattern.pattern.converters
            if not params:
                pages.append((reverse(f"admin:{pattern.name}"), lead_sees))
            elif set(params) == {"pk"} and pk is not None:
                pages.append((reverse(f"admin:{pattern.name}", kwargs={"pk": pk}), lead_sees))
            elif set(params) == {"ticket_pk"} and ticket_pk is not None:
                url = reverse(f"admin:{pattern.name}", kwargs={"ticket_pk": ticket_pk})
                pages.append((url, lead_sees))
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    pages += [(reverse("admin:app_list", args=[label]), label in lead_apps) for label in labels]
    return pages


@pytest.fixture
def demo_data(transactional_db):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)


def _context(browser, live_server, user, language: str):
    """One browser context signed in as ``user`` in ``language``, reused for every page."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    context.add_init_script(script=AXE_SOURCE)  # axe arrives with each page, not per call
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
    return context


def _check(page, path: str, language: str) -> list[str]:
    problems = []
    if page.locator("html").get_attribute("lang") != language:
        problems.append(f"{path}: lang is not {language}")
    leak = LEAKS[language].search(page.evaluate(CHROME))
    if leak:
        problems.append(f"{path}: '{leak.group(0)}' on a page in {language}")
    problems += [f"{path}: {violation}" for violation in page.evaluate(AXE_RUN)]
    return problems


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_admin_page_passes_axe_with_no_other_language(
    browser, live_server, demo_data, language
):
    """The lead's view of every page it may open, the superuser's of the rest."""
    from accounts.models import User
    from accounts.tests.factories import TEST_TOTP_SECRET
    from accounts.totp import user_install_totp
    from knowledgebase.models import AupVersion
    from knowledgebase.services import aup_accept

    superuser = User.objects.create_superuser(
        username="root", email="root@example.org", password="Servicedesk-Demo-2026"
    )
    user_install_totp(user=superuser, secret=TEST_TOTP_SECRET)
    aup_accept(user=superuser, version=AupVersion.objects.get(is_current=True))
    lead = User.objects.get(username="lead")
    lead_context = _context(browser, live_server, lead, language)
    root_context = _context(browser, live_server, superuser, language)
    as_lead, as_root = lead_context.new_page(), root_context.new_page()
    failures, seen = [], 0
    try:
        for path, lead_may in admin_pages(lead):
            page = as_lead if lead_may else as_root
            response = page.goto(path)
            if page is as_lead and (response is None or response.status in (403, 404)):
                page = as_root  # the registry said yes, the page said no: check it anyway
                response = page.goto(path)
            if response is not None and response.status == 403:
                continue  # nobody's page
            if response is None or response.status != 200:
                failures.append(f"{path}: HTTP {response.status if response else '-'}")
                continue
            seen += 1
            failures += _check(page, path, language)
    finally:
        lead_context.close()
        root_context.close()
    assert not failures, "\n\n".join(failures)
    assert seen > 60  # the sweep really walked the registry
