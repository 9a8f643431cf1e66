"""One CSL-JSON record per citable page (entry, forum, Thementisch); every format renders it."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from forums.models import Forum, Thementisch
from practices.models import Practice

# The knowledge base's record ids and permalinks, per kind of page.
KINDS = {Practice: "praxis", Forum: "fachforum", Thementisch: "thementisch"}


def is_citable(obj):
    """Only what the public may see is cited: published entries, every forum and table."""
    return not isinstance(obj, Practice) or obj.is_published


def permalink_path(obj):
    """Return the id-based path that survives a change of title or slug."""
    kind = KINDS[type(obj)]
    if kind == "praxis":
        return reverse("citations:practice", kwargs={"pk": obj.pk})
    return reverse(f"citations:{kind}", kwargs={"pk": obj.pk})


def download_path(obj, extension):
    """Return the path of the citation file `zitat.<extension>` of `obj`."""
    return f"{permalink_path(obj)}zitat.{extension}"


def absolute(request, path):
    """Return the public absolute URL of a path (SITE_URL, else the request's host)."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def version_date(obj):
    """Return the date of the version cited ("Stand"): the last change of what it says."""
    changed = getattr(obj, "content_changed_at", None) or obj.updated_at or obj.created_at
    return timezone.localdate(changed)


def _title(obj):
    if isinstance(obj, Thementisch):
        return f"{obj.title} ({obj.forum.title})"
    return obj.title


def _date_parts(day):
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_record(obj, request, accessed=None):
    """Return the CSL-JSON record of `obj`, accessed on `accessed` (default: today)."""
    stand = version_date(obj)
    accessed = accessed or timezone.localdate()
    return {
        "id": f"rehapro-{KINDS[type(obj)]}-{obj.pk}",
        "type": "webpage",
        "title": " ".join(_title(obj).split()),
        "author": [{"literal": settings.SITE_OPERATOR}],
        "issued": _date_parts(stand),
        "container-title": settings.SITE_NAME,
        "publisher": settings.SITE_OPERATOR,
        "URL": absolute(request, permalink_path(obj)),
        "accessed": _date_parts(accessed),
        "language": "de-DE",
        "medium": "online",
    }
