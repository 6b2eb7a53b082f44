"""Desks and the category tree requests are filed under."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from servicedesk.translation import in_language


class Desk(models.Model):
    """A *loket*: the queue of one service, worked by its own agents."""

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class Category(models.Model):
    """A node in the tree a requester picks from; routes to a default desk."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    default_desk = models.ForeignKey(
        Desk,
        verbose_name=_("default desk"),
        on_delete=models.PROTECT,
        related_name="categories",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_nl"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="tickets_category_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")
