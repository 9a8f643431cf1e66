from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Wissensbasis")

    def ready(self):
        from django.db.models.signals import post_migrate

        from practices import signals  # noqa: F401  (connects the search index)

        post_migrate.connect(_create_roles, sender=self)


def _create_roles(sender, **kwargs):
    # Runs after auth has created this app's permissions, so a fresh install has its roles.
    from practices.roles import setup_roles

    setup_roles()
