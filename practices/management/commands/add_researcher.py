"""manage.py add_researcher USERNAME --role redaktion|freigabe|administration [--email]."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from practices.roles import ROLE_PERMISSIONS

ROLES = {name.lower(): name for name in ROLE_PERMISSIONS}


class Command(BaseCommand):
    help = (
        "Create or update a researcher's account: staff status, exactly one role, a password "
        "(asked for, or read from an environment variable with --password-from-env)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default=None)
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="read the password from this environment variable (for scripts)",
        )

    def handle(self, *args, username, role, email, password_from_env, **options):
        User = get_user_model()
        if email is not None:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"{email!r} is not an e-mail address.") from None
        try:
            group = Group.objects.get(name=ROLES[role])
        except Group.DoesNotExist:
            raise CommandError("The roles are missing: run manage.py migrate.") from None
        user = User.objects.filter(username=username).first() or User(username=username)
        created = user.pk is None
        if email is not None:
            user.email = email
        password = self._password(user, password_from_env)
        with transaction.atomic():
            if password is not None:
                user.set_password(password)
            user.is_staff = True
            user.save()
            # Exactly one role: a demotion must not leave the old role's rights behind.
            user.groups.remove(*Group.objects.filter(name__in=ROLE_PERMISSIONS))
            user.groups.add(group)
        done = "created" if created else "updated"
        self.stdout.write(f"{user.get_username()} {done}: staff, role {group.name}")

    def _password(self, user, variable):
        """Return the new password; None keeps an existing user's password."""
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
            self._validate(password, user)
            return password
        if not sys.stdin.isatty():
            raise CommandError("No terminal to ask for the password: use --password-from-env.")
        keep = user.pk is not None
        hint = " (empty: keep the current one)" if keep else ""
        while True:
            password = getpass.getpass(f"Password{hint}: ")
            if not password and keep:
                return None
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords do not match.")
                continue
            try:
                self._validate(password, user)
            except CommandError as error:
                self.stderr.write(str(error))
                continue
            return password

    def _validate(self, password, user):
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
