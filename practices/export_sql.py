"""The PostgreSQL fast path of the exports: every cell computed by the database, sent by COPY.

The same rules as the Python row source (export_rows) and the same columns (export_columns):
labels in the active language, lists joined with " | " in German order, the formula guard,
a blank for an empty value. tests/practices/test_export_copy.py asserts that both paths give
the same bytes (CSV) and the same parsed data (JSON); SQLite keeps the Python path.
"""

import re

from django.db import connection
from django.db.models import Case, DateField, F, Func, TextField, Value, When
from django.db.models.functions import Concat
from django.utils import timezone

from practices import export_lists
from practices.export_columns import COLUMNS, FORMULA_PREFIXES, INTERNAL_COLUMNS
from practices.export_rows import line_annotations, practice_labels

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
    """A JSON array kept as text (practices.export_lists), or [] for a row without one."""

    template = "COALESCE(%(expressions)s, '[]')::json"
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


class _Combined(Func):
    """The row as one selected expression: combine(the cells' SQL), e.g. one JSON object."""

    output_field = TextField()

    def __init__(self, cells, combine):
        super().__init__(*cells)
        self.combine = combine

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for cell in self.source_expressions:
            sql, cell_params = compiler.compile(cell)
            parts.append(sql)
            params += cell_params
        return self.combine(parts), params


class _Context:
    """What every cell needs: labels, zone, URL parts, sort ranks, public or internal."""

    def __init__(self, url_for, internal):
        self.labels = practice_labels()
        self.zone = timezone.get_current_timezone_name()
        self.url_head, self.url_tail = _url_parts(url_for)
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

    def lists(self, field):
        """A list cell kept at write time (practices.export_lists): public or internal."""
        if field.endswith("projects") or field.endswith("projects_json"):
            field = ("all_" if self.internal else "public_") + field
        return F(f"export_lists__{field}")


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
    "hurdles": (TEXT, lambda ctx: ctx.lists("hurdles")),
    "forum": (TEXT, lambda ctx: F("forum__title")),
    "forum_date": (DATE, lambda ctx: F("forum__date")),
    "city": (TEXT, lambda ctx: F("forum__city")),
    "thementisch": (TEXT, lambda ctx: F("thementisch__title")),
    "projects": (TEXT, lambda ctx: ctx.lists("projects")),
    "tags": (TEXT, lambda ctx: ctx.lists("tags")),
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
        ("hurdles", _JsonList(ctx.lists("hurdles_json"))),
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
        ("projects", _JsonList(ctx.lists("projects_json"))),
        ("tags", _JsonList(ctx.lists("tags_json"))),
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


def _select(queryset, ctx, expressions, combine):
    """Return the SQL and parameters of the export's rows, combine(cells' SQL) each, in order.

    One query in the queryset's order; the lists come from one joined row per practice, so
    nothing is aggregated and the rows are sorted once.
    """
    query = (
        queryset.annotate(**ctx.annotations)
        .annotate(export_row=_Combined(expressions, combine))
        .values_list("export_row")
        .query
    )
    compiler = query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    # Ordering by something not selected (e.g. with DISTINCT) would add columns to the rows.
    if compiler.col_count != 1 or compiler.has_extra_select:
        raise ValueError("the export query selects more columns than its cells")
    return sql, params


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
        # A practice written without reindexing (e.g. a bulk write outside reindex_after)
        # has no lists yet: write them now rather than export it without.
        missing = self.queryset.filter(export_lists__isnull=True).order_by()
        export_lists.refresh(list(missing.values_list("pk", flat=True)))
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
