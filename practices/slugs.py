"""Make the URL slug of a new practice: German transliteration, slugify, unique by suffix."""

from django.utils.text import slugify

from practices.models import Practice

# slugify() drops the umlauts' dots ("Ärger" → "arger"); German spells them out instead.
TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Room for the "-2", "-3" … that keeps a slug unique.
SUFFIX_ROOM = 6
FALLBACK = "praxis"


def unique_practice_slug(title, taken=None, existing=None):
    """Return a slug for `title` that is neither in the database nor in `taken`; add it there.

    existing, if given, holds every slug in the database (one query for a whole import).
    """
    max_length = Practice._meta.get_field("slug").max_length - SUFFIX_ROOM
    base = slugify(title.lower().translate(TRANSLITERATION))[:max_length].strip("-") or FALLBACK
    taken = set() if taken is None else taken
    if existing is None:
        existing = set(
            Practice.objects.filter(slug__startswith=base).values_list("slug", flat=True)
        )
    slug, suffix = base, 2
    while slug in existing or slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(slug)
    return slug
