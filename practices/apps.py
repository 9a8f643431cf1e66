from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Wissensbasis")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_migrate

        from practices import signals  # noqa: F401  (connects the search index)
        from practices.roles import grant_staff_to_role_members

        post_migrate.connect(_create_roles, sender=self)
        m2m_changed.connect(grant_staff_to_role_members, sender=get_user_model().groups.through)


def _create_roles(sender, apps=None, using="default", **kwargs):
    # post_migrate reaches this app before the apps after it have their permissions, so
    # create all apps' permissions first; then a fresh install has its complete roles.
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    from practices.roles import setup_roles

    for app_config in global_apps.get_app_configs():
        # flush (after transactional tests) sends post_migrate without `apps`.
        create_permissions(app_config, verbosity=0, using=using, apps=apps or global_apps)
    setup_roles()
