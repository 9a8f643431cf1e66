"""Candidates: the known pair ranks first, with reasons; a rejected pair never comes back."""

from lines import actions
from lines.candidates import candidates_for
from lines.models import RejectedPair


def test_candidates_for_a_known_pair_rank_it_first(pair):
    planned, follow_up = pair
    found = candidates_for(planned)
    assert found[0].practice == follow_up
    assert any(reason.startswith("ähnlicher Titel") for reason in found[0].reasons)
    assert "gleiches Schlagwort „Gesundheitsförderung“" in found[0].reasons
    assert any("Thementisch-Themenbereich" in reason for reason in found[0].reasons)


def test_candidates_come_only_from_other_forums(pair):
    planned, _follow_up = pair
    assert all(c.practice.forum_id != planned.forum_id for c in candidates_for(planned))


def test_rejecting_keeps_a_pair_out_of_later_proposals_from_both_sides(pair, superuser):
    planned, follow_up = pair
    actions.reject(follow_up, planned, "Anderes Angebot.", superuser)
    assert follow_up not in [c.practice for c in candidates_for(planned)]
    assert planned not in [c.practice for c in candidates_for(follow_up)]
    pair_row = RejectedPair.objects.get()
    assert pair_row.first_id < pair_row.second_id


def test_a_linked_pair_is_no_longer_proposed(pair, superuser):
    planned, follow_up = pair
    actions.link(planned, follow_up, "weitergefuehrt", "Beide nennen die Sprechstunde.", superuser)
    assert follow_up not in [c.practice for c in candidates_for(planned)]
