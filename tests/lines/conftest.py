import datetime

import pytest

from tests.conftest import make_forum, make_practice, make_thementisch


@pytest.fixture
def pair(db):
    """Two forums two years apart, a known 2023 → 2025 pair and distractors in the later one."""
    early = make_forum(date=datetime.date(2031, 3, 24))
    late = make_forum(date=datetime.date(2033, 6, 26))
    early_table = make_thementisch(early, title="Gesundheitsförderung im Jobcenter")
    late_table = make_thementisch(late, title="Psychische Gesundheit und Wiedereingliederung")
    planned = make_practice(
        early,
        title="Gesundheitssprechstunde im Jobcenter einrichten",
        tags=["Gesundheitsförderung"],
        thementisch=early_table,
    )
    follow_up = make_practice(
        late,
        title="Gesundheitssprechstunde im Jobcenter erhalten",
        tags=["Gesundheitsförderung"],
        thementisch=late_table,
    )
    make_practice(late, title="Netzwerkatlas erstellen", tags=["Gesundheitsförderung"])
    make_practice(late, title="Resilienz-Trainings weiterhin anbieten", thementisch=late_table)
    make_practice(early, title="Gesundheitssprechstunde als Vorbild")  # same forum: never
    return planned, follow_up
