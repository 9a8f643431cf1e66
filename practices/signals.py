"""Keep the search index current when a practice or one of its indexed parts changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from forums.models import Thementisch
from practices import search
from practices.models import Hurdle, Practice, TaggedPractice


@receiver(post_save, sender=Practice)
def reindex_practice(sender, instance, raw=False, **kwargs):
    if not raw:
        search.reindex([instance.pk])


@receiver(post_save, sender=Hurdle)
@receiver(post_delete, sender=Hurdle)
def reindex_after_hurdle_change(sender, instance, raw=False, **kwargs):
    if not raw and Practice.objects.filter(pk=instance.practice_id).exists():
        search.reindex([instance.practice_id])


@receiver(m2m_changed, sender=TaggedPractice)
def reindex_after_tag_change(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Practice):
        search.reindex([instance.pk])


@receiver(post_save, sender=Thementisch)
def reindex_after_thementisch_change(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        search.reindex(instance.practices.values_list("pk", flat=True))
