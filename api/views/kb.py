"""Knowledgebase and AUP over the API: the same selectors and services as the pages."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from knowledgebase import selectors, services
from knowledgebase.models import AupVersion
from knowledgebase.search import search_articles

from .. import examples
from ..serializers.kb import (
    ArticleSerializer,
    AupAcceptanceSerializer,
    AupAcceptSerializer,
    AupVersionSerializer,
    SearchHitSerializer,
    SearchQuerySerializer,
)


class KbSearchView(APIView):
    """Search the FAQ and the manuals, best match first (at most 20)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="kb_search",
        parameters=[SearchQuerySerializer],
        responses={200: SearchHitSerializer(many=True)},
        examples=examples.KB_SEARCH,
        tags=["knowledgebase"],
    )
    def get(self, request: Request) -> Response:
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        hits = search_articles(
            query=query.validated_data["q"], user=request.user, language=get_language()
        )
        return Response(SearchHitSerializer(hits, many=True).data)


class KbArticleView(APIView):
    """One FAQ entry or manual (with its steps), by slug; drafts answer 404."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="kb_article",
        responses={200: ArticleSerializer},
        examples=examples.KB_ARTICLE,
        tags=["knowledgebase"],
    )
    def get(self, request: Request, slug: str) -> Response:
        article = get_object_or_404(
            selectors.articles_visible_to(request.user).prefetch_related("steps"), slug=slug
        )
        if article.is_published:
            services.article_record_view(article=article)
        return Response(ArticleSerializer(article, context={"request": request}).data)


class AupCurrentView(APIView):
    """The Acceptable Use Policy in force, and whether the caller accepted it."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="aup_current",
        responses={200: AupVersionSerializer},
        examples=examples.AUP_CURRENT,
        tags=["aup"],
    )
    def get(self, request: Request) -> Response:
        version = selectors.aup_current_version()
        if version is None:
            raise NotFound(_("No policy has been published yet."))
        accepted = None
        if request.user.is_authenticated:
            accepted = not selectors.user_needs_to_accept_aup(request.user)
        return Response(AupVersionSerializer(version, context={"accepted": accepted}).data)


class AupAcceptView(APIView):
    """Accept the version the user read; only the current one can be accepted."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="aup_accept",
        request=AupAcceptSerializer,
        responses={200: AupAcceptanceSerializer},
        examples=examples.AUP_ACCEPT,
        tags=["aup"],
    )
    def post(self, request: Request) -> Response:
        form = AupAcceptSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        version = AupVersion.objects.filter(
            label=form.validated_data["version"], published_at__isnull=False
        ).first()
        if version is None:
            raise ValidationError({"version": _("There is no published policy with this version.")})
        try:
            acceptance = services.aup_accept(user=request.user, version=version)
        except ValidationError as error:
            raise ValidationError({"version": error.messages}) from error
        return Response(AupAcceptanceSerializer(acceptance).data)
