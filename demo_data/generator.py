"""Deterministic synthetic data at scale, for benchmarks and load tests.

Forums, Thementische, projects and practices with hurdles, tags and project attributions,
in German text recombined from the curated content (content/*.toml) and the word lists of
demo_data/words.toml. Every generated row is recognisable by the slug prefix "demo-", so a
later run can remove exactly what an earlier one created (demo_data/remover.py), and real
content is never mistaken for demo data.
"""

import datetime
import math
import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils.text import slugify
from taggit.models import Tag

from demo_data.remover import PREFIX, remove_demo_data
from forums.models import Forum, Thementisch
from practices import search
from practices.content import read_content
from practices.models import Bundesland, Hurdle, Practice, Project, ProjectAttribution
from practices.models import TaggedPractice as TaggedPracticeModel
from rehapro_kb.page_cache import content_changed

BATCH_SIZE = 2000
# Numbers above the real forums (I to IV), so a generated forum never takes a real one's.
FIRST_FORUM_NUMBER = 101
SYNTHETIC_TAG_COUNT = 300

# Word lists as data, in the order the seeded random source picks from them.
with open(Path(__file__).with_name("words.toml"), "rb") as words_file:
    WORDS = {name: tuple(words) for name, words in tomllib.load(words_file).items()}
MEASURES = WORDS["measures"]
VERBS = WORDS["verbs"]
TARGETS = WORDS["targets"]
SUBJECTS = WORDS["subjects"]
PREDICATES = WORDS["predicates"]
PARTNERS = WORDS["partners"]
OUTCOMES = WORDS["outcomes"]
PROBLEMS = WORDS["problems"]
PLACES = WORDS["places"]
TAG_ADJECTIVES = WORDS["tag_adjectives"]
TAG_NOUNS = WORDS["tag_nouns"]
SYLLABLES = WORDS["syllables"]

CATEGORY_WEIGHTS = {
    Practice.Category.ANGEBOTE_TRAEGER: 36,
    Practice.Category.STRUKTUREN: 35,
    Practice.Category.FINANZIERUNG: 11,
    Practice.Category.SONSTIGES: 18,
}
STATUS_WEIGHTS = {Practice.Status.GEPLANT: 45, Practice.Status.UMGESETZT: 55}
STATE_WEIGHTS = {
    Practice.PublicationState.VEROEFFENTLICHT: 90,
    Practice.PublicationState.ENTWURF: 4,
    Practice.PublicationState.IN_PRUEFUNG: 3,
    Practice.PublicationState.ARCHIVIERT: 3,
}
TAG_COUNT_WEIGHTS = {1: 10, 2: 20, 3: 30, 4: 40}  # 3 tags per practice on average
HURDLE_COUNT_WEIGHTS = {0: 35, 1: 35, 2: 20, 3: 10}


class RealContentError(Exception):
    """The database holds real content; demo data would mix with it."""


@dataclass
class Summary:
    forums: int = 0
    thementische: int = 0
    projects: int = 0
    tags: int = 0
    practices: int = 0
    hurdles: int = 0
    tag_links: int = 0
    attributions: int = 0
    counts_by_state: dict = field(default_factory=dict)


@dataclass
class Vocabulary:
    """What the curated content contributes: titles, descriptions, aspects, hurdles, tags."""

    titles: list
    descriptions: list
    aspects: list
    hurdles: list
    table_titles: list
    sentences: list
    tags: dict

    @classmethod
    def from_content(cls):
        tags, _projects, forums = read_content()
        practices = [p for forum in forums for p in forum.get("practices", [])]
        tables = [t for forum in forums for t in forum.get("thementische", [])]
        return cls(
            titles=[p["title"] for p in practices],
            descriptions=[p["description"] for p in practices],
            aspects=sorted({p["aspect"] for p in practices if p.get("aspect")}),
            hurdles=[h for p in practices for h in p.get("hurdles", [])],
            table_titles=[t["title"] for t in tables],
            sentences=[r for t in tables for r in t.get("key_results", []) if len(r) < 400],
            tags=tags,
        )


def real_content_present():
    """Return True when any forum or practice was not made by this generator."""
    return (
        Forum.objects.exclude(slug__startswith=PREFIX).exists()
        or Practice.objects.exclude(slug__startswith=PREFIX).exists()
    )


def default_forum_count(practices):
    return max(2, min(20, math.ceil(practices / 5000)))


def default_project_count(practices):
    return max(5, min(300, practices // 300))


class Generator:
    """Build the demo rows from one seeded random source, so a seed always gives the same data."""

    def __init__(self, practices, seed, forums=None, projects=None, vocabulary=None):
        self.practice_count = practices
        self.seed = seed
        self.forum_count = forums or default_forum_count(practices)
        self.project_count = projects or default_project_count(practices)
        self.rng = random.Random(seed)
        self.vocabulary = vocabulary or Vocabulary.from_content()
        self.summary = Summary()

    def pick(self, weights):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    # --- forums, tables, projects, tags ---

    def make_forums(self):
        forums = []
        for index in range(self.forum_count):
            number = FIRST_FORUM_NUMBER + index
            date = datetime.date(2019, 3, 1) + datetime.timedelta(days=120 * index)
            city = self.rng.choice(PLACES)
            forums.append(
                Forum(
                    number=number,
                    title=f"Jobcenter der Zukunft – Demo-Forum {number}",
                    subtitle="Synthetische Demodaten für Last- und Leistungstests",
                    slug=f"{PREFIX}fachforum-{number}",
                    date=date,
                    city=city,
                    host_organisation=f"Jobcenter {city}",
                    summary=" ".join(self.rng.sample(self.vocabulary.sentences, 3)),
                )
            )
        forums = Forum.objects.bulk_create(forums)
        self.summary.forums = len(forums)
        return forums

    def make_tables(self, forums):
        tables = []
        kinds = list(Thementisch.Kind.values)
        for forum in forums:
            for position in range(1, self.rng.randint(4, 8) + 1):
                if self.rng.random() < 0.4:
                    title = self.rng.choice(self.vocabulary.table_titles)
                else:
                    title = f"{self.rng.choice(MEASURES)} {self.rng.choice(TARGETS)}"
                tables.append(
                    Thementisch(
                        forum=forum,
                        kind=self.rng.choice(kinds),
                        title=title[:200],
                        slug=f"{slugify(title)[:60].strip('-')}-{position}",
                        position=position,
                        summary=" ".join(self.rng.sample(self.vocabulary.sentences, 2)),
                        key_results="\n".join(self.rng.sample(self.vocabulary.sentences, 3)),
                    )
                )
        tables = Thementisch.objects.bulk_create(tables)
        self.summary.thementische = len(tables)
        by_forum = {}
        for table in tables:
            by_forum.setdefault(table.forum_id, []).append(table)
        return by_forum

    def make_projects(self):
        projects = []
        waves = {1: 35, 2: 40, 3: 25}
        for index in range(1, self.project_count + 1):
            short = "".join(self.rng.choice(SYLLABLES) for _ in range(3)).upper()
            place = self.rng.choice(PLACES)
            projects.append(
                Project(
                    short_name=f"{short}-{index}",
                    full_name=f"{self.rng.choice(MEASURES)} {self.rng.choice(TARGETS)} in {place}",
                    slug=f"{PREFIX}{short.lower()}-{index}",
                    funding_wave=self.pick(waves),
                    lead_agency_type=self.pick(
                        {"jobcenter": 70, "rentenversicherung": 25, "sonstige": 5}
                    ),
                    lead_agency_name=f"Jobcenter {place}",
                    bundesland=self.rng.choice(Bundesland.values),
                    place=place,
                    status=self.pick({"laufend": 60, "abgeschlossen": 40}),
                    summary=" ".join(self.rng.sample(OUTCOMES, 2)),
                )
            )
        projects = Project.objects.bulk_create(projects)
        self.summary.projects = len(projects)
        return projects

    def make_tags(self):
        """Return tags: the curated vocabulary (reused if present) plus synthetic ones."""
        wanted = dict(self.vocabulary.tags)
        combos = [f"{adj} {noun}" for adj in TAG_ADJECTIVES for noun in TAG_NOUNS]
        self.rng.shuffle(combos)
        for name in combos[:SYNTHETIC_TAG_COUNT]:
            wanted[PREFIX + slugify(name)] = name
        existing = {t.slug: t for t in Tag.objects.filter(slug__in=list(wanted))}
        taken = {name.lower() for name in Tag.objects.values_list("name", flat=True)}
        new = [
            Tag(name=name, slug=slug)
            for slug, name in wanted.items()
            if slug not in existing and name.lower() not in taken
        ]
        Tag.objects.bulk_create(new)
        tags = list(Tag.objects.filter(slug__in=list(wanted)).order_by("slug"))
        self.rng.shuffle(tags)
        self.summary.tags = len(tags)
        return tags

    # --- practices ---

    def title(self):
        roll = self.rng.random()
        if roll < 0.3:
            return f"{self.rng.choice(self.vocabulary.titles)} ({self.rng.choice(PLACES)})"
        measure, verb = self.rng.choice(MEASURES), self.rng.choice(VERBS)
        if roll < 0.75:
            return f"{measure} {self.rng.choice(TARGETS)} {verb}"
        return f"{measure} im Jobcenter {self.rng.choice(PLACES)} {verb}"

    def description(self):
        parts = []
        if self.rng.random() < 0.4:
            parts.append(self.rng.choice(self.vocabulary.descriptions))
        for _ in range(self.rng.randint(1, 3)):
            parts.append(
                f"{self.rng.choice(SUBJECTS)} {self.rng.choice(PREDICATES)} "
                f"{self.rng.choice(MEASURES)} gemeinsam mit {self.rng.choice(PARTNERS)} "
                f"in {self.rng.choice(PLACES)}."
            )
        parts.append(self.rng.choice(OUTCOMES))
        if self.rng.random() < 0.15:
            parts.append(self.rng.choice(self.vocabulary.sentences))
        return " ".join(parts)

    def hurdle(self):
        if self.vocabulary.hurdles and self.rng.random() < 0.4:
            return self.rng.choice(self.vocabulary.hurdles)
        return self.rng.choice(PROBLEMS)

    def tag_sample(self, tags, cumulative):
        chosen = set()
        count = self.pick(TAG_COUNT_WEIGHTS)
        while len(chosen) < count:
            chosen.add(self.rng.choices(range(len(tags)), cum_weights=cumulative)[0])
        return sorted(chosen)

    def make_practices(self, forums, tables, projects, tags):
        # Zipf-like popularity, so the tag facet has a realistic long tail.
        cumulative, total = [], 0.0
        for rank in range(len(tags)):
            total += 1 / (rank + 1) ** 0.9
            cumulative.append(total)
        states = {}
        aspects = self.vocabulary.aspects
        for start in range(0, self.practice_count, BATCH_SIZE):
            batch = []
            children = []
            for n in range(start + 1, min(start + BATCH_SIZE, self.practice_count) + 1):
                forum = forums[(n - 1) % len(forums)]
                table = self.rng.choice(tables[forum.id]) if self.rng.random() < 0.85 else None
                title = self.title()[:200]
                state = self.pick(STATE_WEIGHTS)
                states[state] = states.get(state, 0) + 1
                batch.append(
                    Practice(
                        title=title,
                        slug=f"{PREFIX}{n}-{slugify(title)[:60]}".strip("-"),
                        description=self.description(),
                        category=self.pick(CATEGORY_WEIGHTS),
                        status=self.pick(STATUS_WEIGHTS),
                        aspect=self.rng.choice(aspects) if self.rng.random() < 0.7 else "",
                        forum=forum,
                        thementisch=table,
                        source_section=(
                            f"Demodaten (Seed {self.seed}) › {forum.title}"
                            + (f" › {table.title}" if table else "")
                        ),
                        publication_state=state,
                    )
                )
                hurdles = [self.hurdle() for _ in range(self.pick(HURDLE_COUNT_WEIGHTS))]
                tag_ids = [tags[i].id for i in self.tag_sample(tags, cumulative)]
                attributed = []
                if self.rng.random() < 0.45:
                    for project in self.rng.sample(projects, self.rng.choice((1, 1, 2))):
                        attributed.append((project.id, self.rng.random() < 0.75))
                children.append((hurdles, tag_ids, attributed))
            batch = Practice.objects.bulk_create(batch)
            self._make_children(batch, children)
        self.summary.counts_by_state = {str(k): v for k, v in sorted(states.items())}

    def _make_children(self, practices, children):
        hurdles, links, attributions = [], [], []
        for practice, (texts, tag_ids, attributed) in zip(practices, children, strict=True):
            hurdles += [
                Hurdle(practice_id=practice.id, text=text, position=position)
                for position, text in enumerate(texts, start=1)
            ]
            links += [TaggedPracticeModel(content_object_id=practice.id, tag_id=t) for t in tag_ids]
            attributions += [
                ProjectAttribution(practice_id=practice.id, project_id=p, is_public=public)
                for p, public in attributed
            ]
        Hurdle.objects.bulk_create(hurdles, batch_size=BATCH_SIZE)
        TaggedPracticeModel.objects.bulk_create(links, batch_size=BATCH_SIZE)
        ProjectAttribution.objects.bulk_create(attributions, batch_size=BATCH_SIZE)
        self.summary.practices += len(practices)
        self.summary.hurdles += len(hurdles)
        self.summary.tag_links += len(links)
        self.summary.attributions += len(attributions)

    def link_tables_to_projects(self, tables, projects):
        through = Thementisch.projects.through
        rows = []
        for forum_tables in tables.values():
            for table in forum_tables:
                count = min(len(projects), self.rng.randint(0, 3))
                for project in self.rng.sample(projects, count):
                    rows.append(through(thementisch_id=table.id, project_id=project.id))
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def run(self):
        forums = self.make_forums()
        tables = self.make_tables(forums)
        projects = self.make_projects()
        self.link_tables_to_projects(tables, projects)
        tags = self.make_tags()
        self.make_practices(forums, tables, projects, tags)
        return self.summary


def generate(practices, seed=1, *, force=False, forums=None, projects=None):
    """Replace earlier demo data with `practices` new practices; refuse next to real content."""
    if practices < 1:
        raise ValueError("practices must be at least 1")
    if not force and real_content_present():
        raise RealContentError(
            "The database holds content not made by the generator (e.g. the curated forums). "
            "Use an empty database, or --force to add demo data next to it."
        )
    with transaction.atomic():
        remove_demo_data()
        summary = Generator(practices, seed, forums=forums, projects=projects).run()
        # bulk_create sends no signals: build the search index once, for all rows, and
        # make cached public pages obsolete.
        search.reindex()
        content_changed()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Practice, Hurdle, TaggedPracticeModel, ProjectAttribution, Tag):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return summary
