"""Response shapes of the API, which the OpenAPI document is generated from."""

import datetime

from ninja import Schema


class Message(Schema):
    de: str
    en: str


class Error(Schema):
    detail: Message


class Option(Schema):
    value: str
    label: str
    count: int
    selected: bool


class Facet(Schema):
    name: str
    label: str
    multiple: bool
    options: list[Option]


class ForumRef(Schema):
    slug: str
    number: int
    title: str
    date: str | None
    city: str


class ThementischRef(Schema):
    slug: str
    title: str


class ProjectRef(Schema):
    slug: str
    name: str


class LineRef(Schema):
    """The entry's public line of development across forums (/verlauf/)."""

    id: int
    title: str


class Practice(Schema):
    """One practice: exactly a result object of the JSON export (/praxis/export.json)."""

    id: int
    title: str
    description: str
    category: str
    category_label: str
    status: str
    status_label: str
    entry_type: str
    entry_type_label: str
    status_meaning: str
    aspect: str
    hurdles: list[str]
    forum: ForumRef
    thementisch: ThementischRef | None
    projects: list[ProjectRef]
    tags: list[str]
    url: str
    documentation_date: str | None
    added_on: str | None
    content_changed_on: str | None
    last_reviewed_on: str | None
    line: LineRef | None


class PracticePage(Schema):
    results: list[Practice]
    next: str | None
    count: int | None = None
    facets: list[Facet] | None = None


class Hurdle(Schema):
    """One hurdle: exactly a result object of the hurdle export (/huerden/export.json)."""

    id: int
    text: str
    kind: str
    forum: str
    forum_date: str
    thementisch: str
    entry: str
    category: str
    status: str
    source: str
    url: str


class HurdlePage(Schema):
    results: list[Hurdle]
    next: str | None
    count: int | None = None
    facets: list[Facet] | None = None


class Thementisch(Schema):
    slug: str
    kind: str
    kind_label: str
    title: str
    summary: str
    key_results: list[str]
    projects: list[ProjectRef]
    url: str


class Forum(Schema):
    slug: str
    number: int
    title: str
    subtitle: str
    date: datetime.date
    venue: str
    city: str
    host_organisation: str
    summary: str
    documentation_url: str
    status_meaning_geplant: str
    status_meaning_umgesetzt: str
    practice_count: int
    url: str
    thementische: list[Thementisch]


class PracticeRef(Schema):
    slug: str
    title: str
    url: str


class Project(Schema):
    slug: str
    short_name: str
    full_name: str
    funding_wave: int | None
    lead_agency_type: str
    lead_agency_name: str
    bundesland: str
    place: str
    status: str
    website: str
    summary: str
    partners: list[str]
    legal_sphere: str
    states: str
    duration: str
    practice_count: int
    url: str


class ProjectDetail(Project):
    practices: list[PracticeRef]


class Term(Schema):
    slug: str
    short: str
    long: str
    variants: list[str]
    explanation: str
    url: str


class LineEntry(Schema):
    id: int
    slug: str
    title: str
    url: str
    forum: str
    forum_date: datetime.date
    status: str
    entry_type: str
    kind: str
    reason: str


class Line(Schema):
    slug: str
    title: str
    summary: str
    url: str
    entries: list[LineEntry]
