"""The PostgreSQL fast path of the exports: every cell computed by the database, sent by COPY.

The same rules as the Python row source (export_rows) and the same columns (export_columns):
labels in the active language, lists joined with " | " in German order, the formula guard,
a blank for an empty value. tests/practices/test_export_copy.py asserts that both paths give
the same bytes (CSV) and the same parsed data (JSON); SQLite keeps the Python path.
"""

import re

from django.db import connection
from django.db.models import Case, DateField, F, Func, TextField, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, RowNumber
from django.utils import timezone
from taggit.models import Tag

from practices.export_columns import COLUMNS, FORMULA_PREFIXES, INTERNAL_COLUMNS, MULTI_SEPARATOR
from practices.export_rows import german_sort_key, line_annotations, practice_labels, tag_sort_key
from practices.models import Project

# Stands for the slug when a practice URL is split into the parts before and after it.
_SLUG_MARK = "export-slug-mark-7f3c"
# The formula guard: a text cell starting with one of these gets a "'" before it. (NUL, also
# in FORMULA_PREFIXES, cannot occur in PostgreSQL text.)
_GUARDED_STARTS = tuple(c for c in FORMULA_PREFIXES if c != "\0")
_GUARD_LIST = ", ".join("E'" + {"\t": "\\t", "\r": "\\r"}.get(c, c) + "'" for c in _GUARDED_STARTS)


class _Guard(Func):
    """A text cell as the CSV writer gets it: formula-guarded, NULL when empty.

    A CASE on the first character rather than regexp_replace, which cost about 20 ms of
    database CPU per text column of 100k rows. The value is repeated, so its parameters are.
    """

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        guarded_sql = (
            f"CASE WHEN left({sql}, 1) IN ({_GUARD_LIST}) THEN '''' || {sql} "
            f"ELSE NULLIF({sql}, '') END"
        )
        return guarded_sql, [*params, *params, *params]


def guarded(text):
    """Return a constant text cell as _Guard gives it."""
    if not text:
        return None
    return "'" + text if text.startswith(_GUARDED_STARTS) else text


def guard(expression):
    """Guard a text cell: constants in Python, each branch of a CASE on its own."""
    if isinstance(expression, Value):
        return Value(guarded(expression.value), output_field=TextField())
    if isinstance(expression, Case):
        whens = [When(when.condition, then=guard(when.result)) for when in expression.cases]
        return Case(*whens, default=guard(expression.default), output_field=TextField())
    if getattr(expression, "guard_free", False):
        return expression
    return _Guard(expression)


class _IsoDate(Func):
    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = TextField()


class _LocalDate(Func):
    """The calendar date of a timestamp in the given zone."""

    template = "(%(expressions)s)::date"
    arg_joiner = " AT TIME ZONE "
    output_field = DateField()


class _JsonList(Func):
    """A joined list, or [] for a row without any."""

    template = "COALESCE(%(expressions)s, '[]'::json)"
    output_field = TextField()


class _JsonObject(Func):
    """json_build_object keeps the keys in the given order (jsonb would sort them)."""

    function = "json_build_object"
    output_field = TextField()


def available(url_for):
    """Return whether this export can take the fast path: PostgreSQL and a plain slug URL."""
    return connection.vendor == "postgresql" and _url_parts(url_for) is not None


def _url_parts(url_for):
    head, mark, tail = url_for(_SLUG_MARK).partition(_SLUG_MARK)
    return (head, tail) if mark else None


def _by_id(values, empty):
    """Return {id: value} as a list indexed by id - 1 (PostgreSQL arrays count from 1)."""
    dense = [empty] * max(values, default=0)
    for pk, value in values.items():
        dense[pk - 1] = value
    return dense


def _tag_lookup():
    """Tag names and their rank in German order, as arrays indexed by tag id."""
    names = sorted(Tag.objects.values_list("id", "name"), key=lambda tag: tag_sort_key(tag[1]))
    ranks = {pk: rank for rank, (pk, _name) in enumerate(names, start=1)}
    return [_by_id(dict(names), ""), _by_id(ranks, 0)]


def _project_lookup():
    """Project names, slugs and German sort ranks, as arrays indexed by project id."""
    rows = list(Project.objects.values_list("id", "short_name", "slug"))
    keys = {pk: german_sort_key(name) for pk, name, _slug in rows}
    # Equal sort keys share a rank, so the attribution order breaks ties, as in Python.
    order = {key: rank for rank, key in enumerate(sorted(set(keys.values())), start=1)}
    return [
        _by_id({pk: name for pk, name, _slug in rows}, ""),
        _by_id({pk: slug for pk, _name, slug in rows}, ""),
        _by_id({pk: order[key] for pk, key in keys.items()}, 0),
    ]


class _Joined(RawSQL):
    """A per-practice list, aggregated in one pass over the export's rows and joined to them.

    Three grouped scans instead of three correlated subqueries per row: 2.1 instead of
    2.3 s of database CPU for the 100k-row CSV. The SQL comes from this module's constants.
    """

    def __init__(self, name, sql, params):
        super().__init__(f'"export_{name}"."v"', [])
        self.join_name, self.join_sql, self.join_params = name, sql, params


_ROWS = "export_rows"  # the export's rows, in order, with their cells that need no list


class _Context:
    """What every cell needs: labels, zone, URL parts, sort ranks, public or internal."""

    def __init__(self, url_for, internal):
        self.labels = practice_labels()
        self.zone = timezone.get_current_timezone_name()
        self.url_head, self.url_tail = _url_parts(url_for)
        # Looked up in arrays, not joined: a join per row made PostgreSQL hash the tag table
        # for every row (6 s at 100k rows).
        self.tag_lookup = _tag_lookup()
        self.project_lookup = _project_lookup()
        self.internal = internal
        # Annotated first, so that cells can refer to them by name.
        self.annotations = {
            f"export_{name}": value for name, value in line_annotations(internal).items()
        }

    def label(self, field):
        mapping = self.labels[field]
        return Case(
            *(When(**{field: value}, then=Value(label)) for value, label in mapping.items()),
            default=F(field),
            output_field=TextField(),
        )

    def local_date(self, field):
        return _LocalDate(F(field), Value(self.zone))

    def status_meaning(self):
        return Case(
            When(status="umgesetzt", then=F("forum__status_meaning_umgesetzt")),
            default=F("forum__status_meaning_geplant"),
            output_field=TextField(),
        )

    def url(self):
        url = Concat(
            Value(self.url_head), F("slug"), Value(self.url_tail), output_field=TextField()
        )
        # An absolute URL starts with its scheme: the formula guard has nothing to do.
        url.guard_free = guarded(self.url_head[:1]) == self.url_head[:1] != ""
        return url

    def hurdles(self, aggregate):
        return _Joined(
            "hurdles",
            f"SELECT h.practice_id AS id, {aggregate} AS v FROM practices_hurdle h "
            f"WHERE h.practice_id IN (SELECT export_id FROM {_ROWS}) GROUP BY h.practice_id",
            [],
        )

    def tags(self, aggregate):
        return _Joined(
            "tags",
            f"SELECT tp.content_object_id AS id, {aggregate} AS v "
            "FROM practices_taggedpractice tp "
            "CROSS JOIN (SELECT %s::text[] AS names, %s::int[] AS ranks) t "
            f"WHERE tp.content_object_id IN (SELECT export_id FROM {_ROWS}) "
            "GROUP BY tp.content_object_id",
            self.tag_lookup,
        )

    def projects(self, aggregate):
        public_only = "" if self.internal else " AND pa.is_public"
        return _Joined(
            "projects",
            f"SELECT pa.practice_id AS id, {aggregate} AS v "
            "FROM practices_projectattribution pa "
            "CROSS JOIN (SELECT %s::text[] AS names, %s::text[] AS slugs, %s::int[] AS ranks) p "
            f"WHERE pa.practice_id IN (SELECT export_id FROM {_ROWS}){public_only} "
            "GROUP BY pa.practice_id",
            self.project_lookup,
        )


_TAG_NAME = "t.names[tp.tag_id]"
_TAG_ORDER = "ORDER BY t.ranks[tp.tag_id]"
_PROJECT_NAME = "p.names[pa.project_id]"
_PROJECT_ORDER = "ORDER BY p.ranks[pa.project_id], pa.id"
_HURDLE_ORDER = "ORDER BY h.position, h.id"


def _joined(values, order):
    # The separator is a constant of export_columns, free of quotes.
    return f"string_agg({values}, '{MULTI_SEPARATOR}' {order})"


def _project_names(ctx):
    if not ctx.internal:
        return ctx.projects(_joined(_PROJECT_NAME, _PROJECT_ORDER))
    name = f"{_PROJECT_NAME} || CASE WHEN pa.is_public THEN '' ELSE ' (nicht öffentlich)' END"
    return ctx.projects(_joined(name, _PROJECT_ORDER))


TEXT, NUMBER, DATE = "text", "number", "date"

# One value per column key of export_columns, as export_rows.tabular_values gives it; the
# formats take them in COLUMNS order and render them by kind (csv_cell, xlsx_cell).
TABULAR_CELLS = {
    "id": (NUMBER, lambda ctx: F("id")),
    "title": (TEXT, lambda ctx: F("title")),
    "description": (TEXT, lambda ctx: F("description")),
    "category": (TEXT, lambda ctx: ctx.label("category")),
    "status": (TEXT, lambda ctx: ctx.label("status")),
    "entry_type": (TEXT, lambda ctx: ctx.label("entry_type")),
    "status_meaning": (TEXT, lambda ctx: ctx.status_meaning()),
    "aspect": (TEXT, lambda ctx: F("aspect")),
    "hurdles": (TEXT, lambda ctx: ctx.hurdles(_joined("h.text", _HURDLE_ORDER))),
    "forum": (TEXT, lambda ctx: F("forum__title")),
    "forum_date": (DATE, lambda ctx: F("forum__date")),
    "city": (TEXT, lambda ctx: F("forum__city")),
    "thementisch": (TEXT, lambda ctx: F("thementisch__title")),
    "projects": (TEXT, _project_names),
    "tags": (TEXT, lambda ctx: ctx.tags(_joined(_TAG_NAME, _TAG_ORDER))),
    "url": (TEXT, lambda ctx: ctx.url()),
    "created_at": (DATE, lambda ctx: ctx.local_date("created_at")),
    "content_changed_at": (DATE, lambda ctx: ctx.local_date("content_changed_at")),
    "last_reviewed_at": (DATE, lambda ctx: F("last_reviewed_at")),
    "line_id": (NUMBER, lambda ctx: F("export_line_id")),
    "line_title": (TEXT, lambda ctx: F("export_line_title")),
    "publication_state": (TEXT, lambda ctx: ctx.label("publication_state")),
}


def tabular_cells(ctx, render):
    """Return the cells of a tabular row in COLUMNS order, each rendered by render(kind, value)."""
    columns = COLUMNS + (INTERNAL_COLUMNS if ctx.internal else ())
    cells = []
    for key, _label in columns:
        kind, value = TABULAR_CELLS[key]
        cells.append(render(kind, value(ctx)))
    return cells


def csv_cell(kind, value):
    """A cell as the csv module writes it: text guarded and blank when empty, ISO dates."""
    if kind == TEXT:
        return guard(value)
    return _IsoDate(value) if kind == DATE else value


# XLSX keeps at most this many characters of a cell (UTF-16 units; code points here).
XLSX_MAX_TEXT = 32767


class _XmlCell(Func):
    """One inline cell of sheet XML: text always (an empty one for NULL, as the Python rows
    give ""), numbers and dates as values or an empty <c/> for NULL."""

    output_field = TextField()

    def __init__(self, value, kind, style):
        if kind == TEXT:
            inner = (
                f"replace(replace(replace(left(COALESCE(%(expressions)s, ''), {XLSX_MAX_TEXT}), "
                "'&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
            )
            start = f'<c s="{style}" t="inlineStr"><is><t xml:space="preserve">'
            end = "</t></is></c>"
        elif kind == DATE:
            inner = "((%(expressions)s) - DATE '1899-12-30')::text"  # Excel's day number
            start, end = f'<c s="{style}"><v>', "</v></c>"
        else:
            inner = "(%(expressions)s)::text"
            start, end = f'<c s="{style}"><v>', "</v></c>"
        super().__init__(value, template=f"COALESCE('{start}' || {inner} || '{end}', '<c/>')")


def _xml_row(cells):
    """A sheet row of cells; tabs, newlines and backslashes as character references, so
    that COPY's text format leaves them alone (the rarer control characters: xlsx_fix)."""
    row = "'<row>' || " + " || ".join(cells) + " || '</row>'"
    return f"replace(replace(replace({row}, '\\', '&#92;'), E'\\t', '&#9;'), E'\\n', '&#10;')"


def _json_project(ctx):
    fields = f"'slug', p.slugs[pa.project_id], 'name', {_PROJECT_NAME}"
    if ctx.internal:
        fields += ", 'public', pa.is_public"
    return _JsonList(ctx.projects(f"json_agg(json_build_object({fields}) {_PROJECT_ORDER})"))


def _json_object(*pairs):
    arguments = []
    for key, value in pairs:
        arguments += [Value(key), value]
    return _JsonObject(*arguments)


def json_fields(ctx):
    """Return the JSON result object's (key, value) pairs, in export_rows.json_record order."""
    forum_date = _IsoDate(F("forum__date"))
    fields = [
        ("id", F("id")),
        ("title", F("title")),
        ("description", F("description")),
        ("category", F("category")),
        ("category_label", ctx.label("category")),
        ("status", F("status")),
        ("status_label", ctx.label("status")),
        ("entry_type", F("entry_type")),
        ("entry_type_label", ctx.label("entry_type")),
        ("status_meaning", ctx.status_meaning()),
        ("aspect", F("aspect")),
        ("hurdles", _JsonList(ctx.hurdles(f"json_agg(h.text {_HURDLE_ORDER})"))),
        (
            "forum",
            _json_object(
                ("slug", F("forum__slug")),
                ("number", F("forum__number")),
                ("title", F("forum__title")),
                ("date", forum_date),
                ("city", F("forum__city")),
            ),
        ),
        (
            "thementisch",
            Case(
                When(
                    thementisch__isnull=False,
                    then=_json_object(
                        ("slug", F("thementisch__slug")), ("title", F("thementisch__title"))
                    ),
                ),
                output_field=TextField(),
            ),
        ),
        ("projects", _json_project(ctx)),
        ("tags", _JsonList(ctx.tags(f"json_agg({_TAG_NAME} {_TAG_ORDER})"))),
        ("url", ctx.url()),
        ("documentation_date", forum_date),
        ("added_on", _IsoDate(ctx.local_date("created_at"))),
        ("content_changed_on", _IsoDate(ctx.local_date("content_changed_at"))),
        ("last_reviewed_on", _IsoDate(F("last_reviewed_at"))),
        (
            "line",
            Case(
                When(
                    export_line_id__isnull=False,
                    then=_json_object(
                        ("id", F("export_line_id")), ("title", F("export_line_title"))
                    ),
                ),
                output_field=TextField(),
            ),
        ),
    ]
    if ctx.internal:
        fields.append(("publication_state", F("publication_state")))
    return fields


def _json_row(keys):
    """Combine the values into the row's object; the keys are this module's constants."""

    def combine(values):
        pairs = ", ".join(f"'{key}', {value}" for key, value in zip(keys, values, strict=True))
        return f"json_build_object({pairs})"

    return combine


def _ordering(queryset):
    """Return the queryset's ordering as expressions, for the rows' position."""
    terms = []
    for term in queryset.query.order_by or queryset.model._meta.ordering:
        if hasattr(term, "resolve_expression"):
            terms.append(term)
        elif term.startswith("-"):
            terms.append(F(term[1:]).desc())
        else:
            terms.append(F(term).asc())
    return terms


def _joins(expression):
    if isinstance(expression, _Joined):
        yield expression
    for source in getattr(expression, "get_source_expressions", list)():
        if source is not None:
            yield from _joins(source)


def _select(queryset, ctx, expressions, combine):
    """Return the SQL and parameters of the export's rows, combine(cells' SQL) each, in order.

    The queryset's rows with the cells that need no list are selected first (with their
    position in the queryset's order); the lists are then aggregated for those rows only
    and joined.
    """
    joined = [list(_joins(expression)) for expression in expressions]
    names = [f"export_cell_{index}" for index in range(len(expressions))]
    inner = {
        name: expression
        for name, expression, joins in zip(names, expressions, joined, strict=True)
        if not joins
    }
    query = (
        queryset.annotate(**ctx.annotations)
        .annotate(
            export_id=F("pk"),
            export_position=Window(RowNumber(), order_by=_ordering(queryset)),
            **inner,
        )
        .order_by()
        .values_list("export_id", "export_position", *inner)
        .query
    )
    compiler = query.get_compiler(using=queryset.db)
    inner_sql, params = compiler.as_sql()
    # Ordering by something not selected (e.g. with DISTINCT) would add columns to the rows.
    if compiler.col_count != 2 + len(inner) or compiler.has_extra_select:
        raise ValueError("the export query selects more columns than its cells")
    parts, tables = [], {}
    for name, expression, joins in zip(names, expressions, joined, strict=True):
        if not joins:
            parts.append(f'{_ROWS}."{name}"')
            continue
        sql, part_params = compiler.compile(expression.resolve_expression(query))
        parts.append(sql)
        params = [*params, *part_params]
        tables.update((join.join_name, join) for join in joins)
    sql = f"WITH {_ROWS} AS MATERIALIZED ({inner_sql}) SELECT {combine(parts)} FROM {_ROWS}"
    for name, join in tables.items():
        sql += f' LEFT JOIN ({join.join_sql}) AS "export_{name}"'
        sql += f' ON "export_{name}".id = {_ROWS}.export_id'
        params = [*params, *join.join_params]
    return f"{sql} ORDER BY {_ROWS}.export_position", params


class CopyExport:
    """The rows of an export as COPY sends them; `count` is set once they are all read."""

    BLOCK_BYTES = 256 * 1024  # a few hundred rows per write to the response or file

    def __init__(self, queryset, url_for, *, internal=False, progress=None):
        self.queryset = queryset
        self.ctx = _Context(url_for, internal)
        self.internal = internal
        # Told the rows read so far, once per block, while COPY holds this connection: it
        # must write elsewhere (jobs.progress uses its own connection on PostgreSQL).
        self.progress = progress
        self.count = None

    def _rows(self, expressions, combine, options):
        """Yield whole rows of COPY (…) TO STDOUT, each ending in "\\n", in large blocks."""
        sql, params = _select(self.queryset, self.ctx, expressions, combine)
        pending, size, read = [], 0, 0
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT ({options})", params) as copy:
                # PostgreSQL sends one message per row, so a block never splits a row.
                for block in copy:
                    pending.append(block)
                    size += len(block)
                    read += 1
                    if size >= self.BLOCK_BYTES:
                        if self.progress is not None:
                            self.progress(read)
                        yield b"".join(pending)
                        pending, size = [], 0
            self.count = cursor.cursor.rowcount
        if pending:
            yield b"".join(pending)

    def csv(self, *, delimiter=";"):
        """Yield the CSV rows (no header) as bytes, exactly as exporter.csv_chunks writes them.

        COPY ends a row with "\\n", the csv module with "\\r\\n". A last constant cell "\\r"
        makes each row end in `;"\\r"\\n`, which no data can produce (a quote inside a
        quoted field is doubled, and no cell is a bare "\\r": the formula guard), and that
        ending is then replaced by "\\r\\n".
        """
        cells = tabular_cells(self.ctx, csv_cell)
        ending = f'{delimiter}"\r"\n'.encode()
        if delimiter not in (";", ","):
            raise ValueError(f"unsupported delimiter {delimiter!r}")
        options = f"FORMAT csv, DELIMITER '{delimiter}'"
        for block in self._rows([*cells, Value("\r")], ", ".join, options):
            yield block.replace(ending, b"\r\n")

    def xlsx_rows(self, styles):
        """Yield the sheet XML of the rows (<row>…</row>, no row numbers) as bytes.

        styles: the cell format index by kind. Text is escaped as XlsxWriter escapes it:
        &, < and > in SQL, control characters and "_xHHHH_" in xlsx_fix.
        """
        cells = tabular_cells(self.ctx, lambda kind, value: _XmlCell(value, kind, styles[kind]))
        for block in self._rows(cells, _xml_row, "FORMAT text"):
            yield xlsx_fix(block)

    def json(self):
        """Yield the JSON result objects as bytes, separated by commas (no brackets).

        Each row is one line of JSON, in which a newline or control character is always
        escaped; CSV format with quote and delimiter characters that JSON escapes copies
        the lines unchanged (text format would double every backslash).
        """
        options = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"
        first = True
        fields = json_fields(self.ctx)
        combine = _json_row([key for key, _value in fields])
        for block in self._rows([value for _key, value in fields], combine, options):
            # A "\\n" only ends a row: it becomes the comma before the next one.
            rows = block[:-1].replace(b"\n", b",")
            yield rows if first else b"," + rows
            first = False


# Literal "_xHHHH_" is escaped as "_x005F_xHHHH_" first, then control characters become
# "_xHHHH_", as XlsxWriter does. COPY's text format wrote \r, \b, \f and \v as escapes.
_LITERAL_ESCAPE = re.compile(rb"(_x[0-9a-fA-F]{4}_)")
_COPY_ESCAPES = {b"\\r": b"_x000D_", b"\\b": b"_x0008_", b"\\f": b"_x000C_", b"\\v": b"_x000B_"}
_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
# Searching with the alternation above took 3.4 s per 170 MB, a character class 0.9 s.
_CONTROL_BYTE = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f]")


def _control_escape(match):
    return f"_x{ord(match.group().decode()):04X}_".encode()


def xlsx_fix(block):
    """Escape what SQL left for Python in a block of sheet rows: it is rare, so test first."""
    if b"_x" in block:
        block = _LITERAL_ESCAPE.sub(rb"_x005F\1", block)
    if b"\\" in block:
        for escape, replacement in _COPY_ESCAPES.items():
            block = block.replace(escape, replacement)
    if _CONTROL_BYTE.search(block) or b"\xef\xbf\xbe" in block or b"\xef\xbf\xbf" in block:
        block = _CONTROL.sub(_control_escape, block)
    return block
