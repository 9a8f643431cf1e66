"""Atom feeds: any filtered practice list, a forum's entries, the hurdle catalogue.

Entry ids are tag: URIs (RFC 4151) from the row's id and creation day, so renaming an entry
(a new slug) does not make feed readers show it again as new.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from forums.models import Forum
from practices.listing import PracticeList
from practices.models import Hurdle, Practice

FEED_SIZE = 50


@dataclass
class Source:
    """What a feed shows: its items' queryset, title, page and the tag: URI authority."""

    items: object
    title: str
    subtitle: str
    link: str
    feed_url: str
    authority: str


def tag_authority(request):
    """Return the site's host name for tag: URIs: the public one when SITE_URL is set."""
    host = settings.SITE_URL.split("://", 1)[-1] if settings.SITE_URL else request.get_host()
    host = host.split("/", 1)[0]
    return host if host.endswith("]") else host.rsplit(":", 1)[0]  # no port in a tag: URI


def tag_uri(authority, created_at, specific):
    return f"tag:{authority},{created_at:%Y-%m-%d}:{specific}"


def _with_query(url, query):
    encoded = query.urlencode()
    return f"{url}?{encoded}" if encoded else url


class AtomFeed(Feed):
    """Shared shape: Atom 1.0, German, the site's operator as author, the newest FEED_SIZE."""

    feed_type = Atom1Feed

    def author_name(self):
        return settings.SITE_OPERATOR

    def title(self, source):
        return source.title

    def subtitle(self, source):
        return source.subtitle

    def link(self, source):
        return source.link

    def feed_url(self, source):
        return source.feed_url

    def items(self, source):
        items = list(source.items[:FEED_SIZE])
        for item in items:
            item.tag_authority = source.authority  # item_guid sees only the item
        return items

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = "de"
        return feed


class PracticeItems:
    """Feed items for entries: real content changes set `updated`, not publishing or tagging."""

    def item_title(self, practice):
        return practice.title

    def item_description(self, practice):
        return linebreaks(practice.description, autoescape=True)

    def item_guid(self, practice):
        return tag_uri(practice.tag_authority, practice.created_at, f"praxis/{practice.pk}")

    def item_pubdate(self, practice):
        return practice.state_changed_at or practice.created_at

    def item_updateddate(self, practice):
        return practice.content_changed_at or self.item_pubdate(practice)

    def item_categories(self, practice):
        return [
            practice.get_category_display(),
            practice.get_status_display(),
            practice.get_entry_type_display(),
            practice.forum.title,
        ]


def newest_practices(queryset):
    """Order entries by their last real change (or publication), newest first."""
    return (
        queryset.without_search_vector()
        .select_related("forum")
        .alias(changed=Coalesce("content_changed_at", "state_changed_at", "created_at"))
        .order_by("-changed", "-id")
    )


class PracticeListFeed(PracticeItems, AtomFeed):
    """The practice list for any of its parameters, validated exactly as the list does."""

    def get_object(self, request):
        listing = PracticeList.from_query(request.GET)
        query = listing.export_query()
        query.pop("sort", None)
        filters = ", ".join(
            f"{listing.filterset.filters[name].label}: {value}"
            for name, values in query.lists()
            if name in listing.filterset.filters
            for value in values
        )
        subtitle = _("Neue und inhaltlich geänderte Einträge der Wissensbasis.")
        if filters:
            subtitle += " " + _("Filter: %(filters)s.") % {"filters": filters}
        if listing.notices:
            subtitle += " " + " ".join(str(notice) for notice in listing.notices)
        return Source(
            items=newest_practices(listing.filterset.qs),
            title=_("Praxisbeispiele") + (f" ({filters})" if filters else ""),
            subtitle=subtitle,
            link=_with_query(reverse("practices:list"), query),
            feed_url=_with_query(reverse("insights:practice_feed"), query),
            authority=tag_authority(request),
        )


class ForumFeed(PracticeItems, AtomFeed):
    """The published entries of one forum."""

    def get_object(self, request, slug):
        forum = Forum.objects.filter(slug=slug).first()
        if forum is None:
            raise Http404(_("Dieses Fachforum gibt es nicht."))
        return Source(
            items=newest_practices(Practice.objects.published().filter(forum=forum)),
            title=forum.title,
            subtitle=_("Einträge aus dem %(forum)s.") % {"forum": forum},
            link=forum.get_absolute_url(),
            feed_url=reverse("insights:forum_feed", kwargs={"slug": forum.slug}),
            authority=tag_authority(request),
        )


class HurdleFeed(AtomFeed):
    """The published hurdles, newest first."""

    def get_object(self, request):
        return Source(
            items=Hurdle.objects.published().for_list().order_by("-created_at", "-id"),
            title=_("Hürden"),
            subtitle=_("Neue Hürden bei Transfer und Verstetigung aus den Fachforen."),
            link=reverse("practices:hurdle_list"),
            feed_url=reverse("insights:hurdle_feed"),
            authority=tag_authority(request),
        )

    def item_title(self, hurdle):
        kind = hurdle.get_kind_display() or _("Hürde")
        text = hurdle.text if len(hurdle.text) <= 80 else hurdle.text[:79] + "…"
        return f"{kind}: {text}"

    def item_description(self, hurdle):
        where = hurdle.practice.title if hurdle.practice_id else hurdle.owner_forum.title
        return linebreaks(f"{hurdle.text}\n\n{_('Bei')}: {where}", autoescape=True)

    def item_guid(self, hurdle):
        return tag_uri(hurdle.tag_authority, hurdle.created_at, f"huerde/{hurdle.pk}")

    def item_pubdate(self, hurdle):
        return hurdle.created_at

    def item_updateddate(self, hurdle):
        return hurdle.updated_at

    def item_categories(self, hurdle):
        return [c for c in (hurdle.get_kind_display(), hurdle.owner_forum.title) if c]
