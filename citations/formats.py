"""Renderers of one CSL-JSON record: German ISO 690 text, BibTeX, RIS and CSL-JSON."""

import datetime
import json
import re

from django.utils import formats

# Characters BibTeX reads as commands: escaped so a title cannot break the record.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in BIBTEX_ESCAPES))


def _date(value):
    return datetime.date(*value["date-parts"][0])


def _author(record):
    return record["author"][0]["literal"]


def _german_date(day):
    return formats.date_format(day, "j. F Y")


def as_text(record):
    """Return the citation in German ISO 690 author-date style (corporate author first)."""
    issued, accessed = _date(record["issued"]), _date(record["accessed"])
    return (
        f"{_author(record)}, {issued.year}. {record['title']} [online]. "
        f"In: {record['container-title']}. Stand: {_german_date(issued)}. "
        f"Verfügbar unter: {record['URL']} [Zugriff am: {_german_date(accessed)}]."
    )


def _bibtex_value(text):
    return BIBTEX_SPECIAL.sub(lambda match: BIBTEX_ESCAPES[match.group()], text)


def as_bibtex(record):
    """Return a BibTeX @misc record (read by BibTeX and biblatex alike)."""
    issued, accessed = _date(record["issued"]), _date(record["accessed"])
    fields = [
        # Double braces: a corporate author is one name, not "rehapro, Forschungsverbund".
        ("author", "{" + _bibtex_value(_author(record)) + "}"),
        ("title", "{" + _bibtex_value(record["title"]) + "}"),
        ("howpublished", _bibtex_value(record["container-title"])),
        ("organization", _bibtex_value(record["publisher"])),
        ("year", str(issued.year)),
        ("date", issued.isoformat()),
        ("url", record["URL"]),
        ("urldate", accessed.isoformat()),
        ("note", f"Stand: {issued.isoformat()}, Zugriff am {accessed.isoformat()}"),
        ("language", "ngerman"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{record['id']},\n{body}\n}}\n"


def _ris_value(text):
    # One tag, one line: a line break inside a value would start a broken tag.
    return " ".join(str(text).split())


def as_ris(record):
    """Return an RIS record (TY  - ELEC), one `TAG  - value` per line, CRLF, closed by ER."""
    issued, accessed = _date(record["issued"]), _date(record["accessed"])
    lines = [
        ("TY", "ELEC"),
        ("ID", record["id"]),
        ("AU", _author(record)),
        ("TI", record["title"]),
        ("T2", record["container-title"]),
        ("PB", record["publisher"]),
        ("PY", str(issued.year)),
        ("DA", issued.strftime("%Y/%m/%d")),
        ("Y2", accessed.strftime("%Y/%m/%d")),
        ("UR", record["URL"]),
        ("LA", "de"),
        ("N1", f"Stand: {_german_date(issued)}"),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {_ris_value(value)}\r\n" for tag, value in lines)


def as_csl_json(record):
    """Return a CSL-JSON file: a list holding the one record."""
    return json.dumps([record], ensure_ascii=False, indent=2) + "\n"


# extension: (renderer, content type)
DOWNLOADS = {
    "bib": (as_bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (as_ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (as_csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
