"""The review pages: confirm, reject, link by hand and unlink are single actions in history."""

import pytest
from django.urls import reverse
from reversion.models import Version

from lines.models import Line, Membership, RejectedPair
from tests.conftest import make_practice


def _review(practice):
    return reverse("admin:lines_review_practice", args=[practice.pk])


def test_review_page_lists_the_candidate_with_its_reasons(admin_client, pair):
    planned, follow_up = pair
    response = admin_client.get(_review(planned))
    assert response.status_code == 200
    text = response.content.decode()
    assert follow_up.title in text
    assert "gleiches Schlagwort „Gesundheitsförderung“" in text


def test_confirming_creates_a_line_in_the_history(admin_client, pair, superuser):
    planned, follow_up = pair
    response = admin_client.post(
        _review(planned),
        {"action": "confirm", "other": follow_up.pk, "kind": "weitergefuehrt", "reason": "Grund."},
    )
    assert response.status_code == 302
    line = Line.objects.get()
    kinds = dict(Membership.objects.values_list("practice_id", "kind"))
    assert kinds == {planned.pk: "ausgangspunkt", follow_up.pk: "weitergefuehrt"}
    assert Membership.objects.get(practice=follow_up).linked_by == superuser
    assert Version.objects.get_for_object(line).count() == 1


def test_confirming_without_a_reason_is_refused_with_a_message(admin_client, pair):
    planned, follow_up = pair
    response = admin_client.post(
        _review(planned),
        {"action": "confirm", "other": follow_up.pk, "kind": "weitergefuehrt", "reason": " "},
        follow=True,
    )
    assert "begründen" in response.content.decode()
    assert not Line.objects.exists()


def test_rejecting_and_unlinking_are_single_actions(admin_client, pair):
    planned, follow_up = pair
    admin_client.post(_review(planned), {"action": "reject", "other": follow_up.pk})
    assert RejectedPair.objects.count() == 1
    third = make_practice(follow_up.forum, title="Dritter Eintrag")
    admin_client.post(
        _review(planned),
        {"action": "link", "other": third.slug, "kind": "verwandt", "reason": "Von Hand."},
    )
    line = Line.objects.get()
    membership = Membership.objects.get(practice=third)
    admin_client.post(_review(planned), {"action": "unlink", "membership": membership.pk})
    assert list(Membership.objects.values_list("practice_id", flat=True)) == [planned.pk]
    assert Version.objects.get_for_object(line).count() == 2


@pytest.mark.parametrize("other", ["", "gibt-es-nicht", "999999"])
def test_linking_to_an_unknown_entry_gives_a_message_not_an_error(admin_client, pair, other):
    planned, _follow_up = pair
    response = admin_client.post(
        _review(planned),
        {"action": "link", "other": other, "kind": "verwandt", "reason": "x"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Kein Eintrag" in response.content.decode()


def test_the_work_list_of_a_forum_links_each_entry_to_its_review(admin_client, pair):
    planned, _follow_up = pair
    response = admin_client.get(reverse("admin:lines_review_index"), {"forum": planned.forum.slug})
    assert _review(planned) in response.content.decode()
