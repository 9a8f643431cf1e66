import datetime

import pytest
from django.utils import timezone

from practices.models import Practice
from tests.conftest import make_forum, make_practice

STAND = timezone.make_aware(datetime.datetime(2025, 3, 3, 10, 30))
ACCESSED = datetime.date(2026, 11, 25)


@pytest.fixture
def identity(settings):
    """The site identity the golden files were written with, whatever the environment says."""
    settings.SITE_URL = "https://wissen.example.org"
    settings.SITE_NAME = "Transferpraxis rehapro"
    settings.SITE_OPERATOR = "Forschungsverbund rehapro"
    return settings


@pytest.fixture
def cited(db, identity):
    """A published entry with a fixed id, a title full of BibTeX specials and a fixed Stand."""
    forum = make_forum(title="Fachforum Golden", slug="fachforum-golden", number=990)
    practice = make_practice(
        forum,
        pk=9001,
        slug="budget-und-beratung",
        title="Budget & Beratung: 50 % mehr „Kontakt“ für #Ü25_plus {neu}",
    )
    Practice.objects.filter(pk=practice.pk).update(content_changed_at=STAND)
    practice.refresh_from_db()
    return practice
