"""The text of each practice that the search indexes, as tokens of practices.search.german."""

from practices.search.german import document_text


def practice_token_rows(ids):
    """Yield (id, title tokens, label tokens, body tokens) of the given practices (all: None)."""
    from practices.models import Hurdle, Practice, TaggedPractice

    practices = Practice.objects.order_by("pk").select_related("thementisch")
    if ids is not None:
        practices = practices.filter(pk__in=ids)
    rows = list(practices.values_list("pk", "title", "aspect", "thementisch__title", "description"))
    pks = [row[0] for row in rows]
    tags, hurdles = {}, {}
    tag_links = TaggedPractice.objects.filter(content_object_id__in=pks) if ids else None
    for pk, name in (tag_links or TaggedPractice.objects.all()).values_list(
        "content_object_id", "tag__name"
    ):
        tags.setdefault(pk, []).append(name)
    hurdle_rows = Hurdle.objects.filter(practice_id__in=pks) if ids else Hurdle.objects.all()
    for pk, text in hurdle_rows.order_by("position", "id").values_list("practice_id", "text"):
        hurdles.setdefault(pk, []).append(text)
    for pk, title, aspect, thementisch, description in rows:
        labels = " ".join([aspect or "", thementisch or "", *tags.get(pk, [])])
        body = " ".join([description or "", *hurdles.get(pk, [])])
        yield pk, document_text(title), document_text(labels), document_text(body)
