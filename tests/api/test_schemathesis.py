"""Property-based requests from the OpenAPI document against the app (schemathesis, WSGI).

No answer may be a 500, every answer must match the schema, and no draft may show. The
number of examples per endpoint keeps the run under two minutes per database. A schema-valid
slug need not exist (an unknown forum is a 400, as on the list page), so schemathesis' check
that every schema-valid request succeeds does not apply.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from practices.models import Practice
from tests.conftest import make_practice, make_thementisch

pytestmark = pytest.mark.django_db
SECRET = "Unveroeffentlichtes Schemathesis-Geheimnis"
EXAMPLES = 30


@pytest.fixture
def api_schema(content, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    forum = content.first()
    for state in (Practice.PublicationState.ENTWURF, Practice.PublicationState.ARCHIVIERT):
        make_practice(
            forum,
            title=f"{SECRET} {state}",
            description=SECRET,
            thementisch=make_thementisch(forum, editorial_note=SECRET),
            hurdles=[SECRET],
            publication_state=state,
        )
    # A plain WSGI handler closes the connection after each request, and with it the test's
    # transaction (PostgreSQL): keep it open, as Django's test client does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_api_answers_every_generated_request_within_its_schema(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # Practices, forums, projects and lines (list and one each), hurdles, glossary.
    assert len(operations) == 10
    for operation in operations:
        # One Hypothesis run per operation (schemathesis' pytest plugin needs subtests,
        # which this pytest version does not offer it).
        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call()
            case.validate_response(response, excluded_checks=[positive_data_acceptance])
            assert response.status_code < 500, case.as_curl_command()
            assert SECRET not in response.text, case.as_curl_command()

        check()
