"""Abstract models shared by the apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Record when a row was created and last changed."""

    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        abstract = True


class ContentVersion(models.Model):
    """A token that changes whenever public content may have changed; it keys the page cache."""

    token = models.CharField(_("Stand"), max_length=32)
    changed_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Inhaltsstand")
        verbose_name_plural = _("Inhaltsstände")

    def __str__(self):
        return self.token
