"""Public knowledgebase pages: readable without signing in; drafts for staff only."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.prepared import PreparedQuery

from . import selectors, services
from .forms import AupAcceptForm, FeedbackForm, SearchForm
from .models import Article, AupVersion, Category, ManualStep
from .search import search_articles

SUGGESTION_COUNT = 5
SUGGEST_MIN_LENGTH = 3


@require_GET
def kb_index(request: HttpRequest) -> HttpResponse:
    """Categories, the most read and the recently updated articles: three queries."""
    return render(
        request,
        "knowledgebase/index.html",
        {
            "form": SearchForm(),
            "categories": list(selectors.categories_in_order()),
            "most_read": list(selectors.articles_most_read()),
            "recently_updated": list(selectors.articles_recently_updated()),
        },
    )


@require_GET
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    after = request.GET.get("after", "")[:120]
    page = selectors.articles_in_category(category=category, user=request.user, after=after)
    has_more = len(page) > selectors.CATEGORY_PAGE_SIZE
    articles = page[: selectors.CATEGORY_PAGE_SIZE]
    return render(
        request,
        "knowledgebase/category.html",
        {
            "category": category,
            "articles": articles,
            "next_after": articles[-1].slug if has_more else "",
        },
    )


def _article_or_404(request: HttpRequest, slug: str) -> Article:
    """Drafts answer 404 to everyone but staff, as if they did not exist."""
    user = request.user
    if user.is_authenticated and user.is_staff:
        return get_object_or_404(selectors.articles_visible_to(user), slug=slug)
    article = _published_article.get_or_none(str(slug))
    if article is None:
        raise Http404
    return article


# What everyone but staff may read, compiled once per process (core.prepared):
# the article page is the knowledge base's most read.
_published_article = PreparedQuery(
    lambda slug: selectors.articles_visible_to(None).filter(slug=slug), ["\x00slug"], ["\x00other"]
)


def _render_article(
    request: HttpRequest, article: Article, feedback_form: FeedbackForm, status: int = 200
) -> HttpResponse:
    steps = list(article.steps.all()) if article.kind == Article.Kind.MANUAL else []
    return render(
        request,
        "knowledgebase/article.html",
        {
            "article": article,
            "steps": steps,
            "feedback_form": feedback_form,
            "from_request": request.GET.get("from") == "request",
        },
        status=status,
    )


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_or_404(request, slug)
    if article.is_published:
        services.article_record_view(article=article)
    return _render_article(request, article, FeedbackForm())


@require_POST
def article_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Was this helpful?" from the article page; works without JavaScript."""
    article = _article_or_404(request, slug)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _render_article(request, article, form, status=400)
    services.feedback_create(
        article=article,
        is_helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"],
        language=get_language()[:2],
        user=request.user,
    )
    messages.success(request, _("Thank you for your feedback."))
    return redirect(article.get_absolute_url())


@require_POST
def article_answered(request: HttpRequest, slug: str) -> HttpResponse:
    """ "This answered my question" while filing: counted as a request avoided."""
    article = _article_or_404(request, slug)
    services.article_record_request_avoided(article=article)
    messages.success(
        request, _("Glad this answered your question. You do not need to file a request.")
    )
    return redirect(article.get_absolute_url())


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    hits = []
    query = ""
    new_request_url = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        hits = search_articles(query=query, user=request.user)
        if not hits:
            services.search_record_miss(query=query)
            # The new-request form fills its subject from this (tickets.views.ticket_new).
            new_request_url = f"{reverse('tickets:new')}?{urlencode({'subject': query})}"
    return render(
        request,
        "knowledgebase/search.html",
        {"form": form, "query": query, "hits": hits, "new_request_url": new_request_url},
    )


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """A small HTML list of articles for the text typed so far (for data-kb-suggest)."""
    form = SearchForm(request.GET)
    hits = []
    if form.is_valid() and len(form.cleaned_data["q"]) >= SUGGEST_MIN_LENGTH:
        hits = search_articles(
            query=form.cleaned_data["q"], user=None, limit=SUGGESTION_COUNT, titles_only=True
        )
        services.articles_record_suggested(article_ids=[hit.article.pk for hit in hits])
    response = render(request, "knowledgebase/partials/suggestions.html", {"hits": hits})
    response["Cache-Control"] = "private, max-age=60"
    return response


@require_GET
def aup_current(request: HttpRequest) -> HttpResponse:
    """The Acceptable Use Policy currently in force, with the earlier versions."""
    return render(
        request,
        "knowledgebase/aup.html",
        {
            "version": selectors.aup_current_version(),
            "earlier": list(selectors.aup_earlier_versions()),
        },
    )


@require_GET
def aup_version(request: HttpRequest, label: str) -> HttpResponse:
    version = get_object_or_404(AupVersion, label=label, published_at__isnull=False)
    if version.is_current:
        return redirect("aup:current")
    return render(request, "knowledgebase/aup_version.html", {"version": version})


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return "/"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def aup_accept_view(request: HttpRequest) -> HttpResponse:
    """Shown by the AUP gate: read the current policy and accept it."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    version = selectors.aup_current_version()
    if version is None:
        return redirect(next_url)
    form = AupAcceptForm(request.POST or None, initial={"version": version.label})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != version.label:
            form.add_error(
                None, _("A new version of the policy was published meanwhile; read it first.")
            )
        else:
            try:
                services.aup_accept(user=request.user, version=version)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you. You accepted the Acceptable Use Policy."))
                return redirect(next_url)
    already = not selectors.user_needs_to_accept_aup(request.user)
    return render(
        request,
        "knowledgebase/aup_accept.html",
        {"version": version, "form": form, "next": next_url, "already_accepted": already},
        status=400 if form.errors else 200,
    )


@require_GET
def screenshot(request: HttpRequest, name: str) -> FileResponse:
    """A manual step's screenshot, only while its article is visible to the reader.

    A draft's screenshots answer 404 to everyone but staff, like the draft.
    """
    step = get_object_or_404(
        ManualStep.objects.filter(
            article__in=selectors.articles_visible_to(request.user).values("pk")
        ),
        screenshot=name,
    )
    try:
        handle = step.screenshot.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=mimetypes.guess_type(name)[0] or "image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response
