from django.core.management.base import BaseCommand

from practices.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the groups Redaktion, Freigabe and Administration (idempotent)."

    def handle(self, *args, **options):
        for group in setup_roles():
            self.stdout.write(f"{group.name}: {group.permissions.count()} permissions")
