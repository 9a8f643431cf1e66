from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def build_missing_index(sender, using="default", **kwargs):
    """After the first migrate with this app, index what an existing database already holds."""
    from django.db import connections

    from practices import search
    from practices.models import Practice
    from sitesearch.models import SearchDocument

    tables = connections[using].introspection.table_names()
    if {Practice._meta.db_table, SearchDocument._meta.db_table} - set(tables):
        return  # migrated backwards: nothing to index
    if Practice.objects.using(using).exists() and not SearchDocument.objects.using(using).exists():
        search.reindex()


class SitesearchConfig(AppConfig):
    name = "sitesearch"
    verbose_name = _("Suche über alles")

    def ready(self):
        from practices.search.synonyms import connect_term_signals
        from sitesearch import signals  # noqa: F401

        connect_term_signals()

        post_migrate.connect(build_missing_index, sender=self)
