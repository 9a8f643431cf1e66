"""The researchers' roles as Django groups: Redaktion, Freigabe, Administration."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

EDITABLE = [
    ("practices", "practice"),
    ("practices", "hurdle"),
    ("practices", "project"),
    ("practices", "projectattribution"),
    ("forums", "forum"),
    ("forums", "thementisch"),
    ("forums", "document"),
    ("forums", "study"),
    ("glossary", "term"),
    ("lines", "line"),
    ("lines", "membership"),
    ("lines", "rejectedpair"),
]

IMPORTS = [
    ("imports", "view_importbatch"),
    ("imports", "add_importbatch"),
]
# Every role sees the link checker's lists and may re-check a link (linkcheck/admin.py).
LINKS = [
    ("linkcheck", "view_link"),
    ("linkcheck", "view_brokenlink"),
]
# Undoing an import deletes its drafts: not for Redaktion, which has no delete right.
UNDO_IMPORTS = ("imports", "undo_importbatch")

REDAKTION = "Redaktion"
FREIGABE = "Freigabe"
ADMINISTRATION = "Administration"


def _codenames(actions):
    return [(app, f"{action}_{model}") for app, model in EDITABLE for action in actions]


ROLE_PERMISSIONS = {
    REDAKTION: [
        *_codenames(("view", "add", "change")),
        ("practices", "review_practice"),
        ("taggit", "view_tag"),
        ("taggit", "add_tag"),
        *IMPORTS,
        *LINKS,
    ],
    FREIGABE: [
        *_codenames(("view", "add", "change")),
        ("practices", "review_practice"),
        ("practices", "publish_practice"),
        ("taggit", "view_tag"),
        ("taggit", "add_tag"),
        ("taggit", "change_tag"),
        *IMPORTS,
        UNDO_IMPORTS,
        *LINKS,
    ],
    ADMINISTRATION: [
        *_codenames(("view", "add", "change", "delete")),
        ("practices", "review_practice"),
        ("practices", "publish_practice"),
        ("taggit", "view_tag"),
        ("taggit", "add_tag"),
        ("taggit", "change_tag"),
        ("taggit", "delete_tag"),
        ("auth", "view_user"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("auth", "view_group"),
        ("site_pages", "view_legalpage"),
        ("site_pages", "add_legalpage"),
        ("site_pages", "change_legalpage"),
        ("site_pages", "view_feedback"),
        ("site_pages", "change_feedback"),
        ("site_pages", "delete_feedback"),
        *IMPORTS,
        UNDO_IMPORTS,
        *LINKS,
    ],
}


def setup_roles():
    """Create or update the groups so they hold exactly their permissions (idempotent)."""
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(permissions)
    return Group.objects.filter(name__in=ROLE_PERMISSIONS)


def grant_staff_to_role_members(sender, instance, action, reverse, pk_set, **kwargs):
    """Make users added to a role group staff: a role without admin login is no use."""
    if action != "post_add" or not pk_set:
        return
    users = get_user_model().objects.filter(is_staff=False)
    if reverse:  # group.user_set.add(...): the instance is the group
        if instance.name in ROLE_PERMISSIONS:
            users.filter(pk__in=pk_set).update(is_staff=True)
    elif Group.objects.filter(pk__in=pk_set, name__in=ROLE_PERMISSIONS).exists():
        users.filter(pk=instance.pk).update(is_staff=True)
        instance.is_staff = True
