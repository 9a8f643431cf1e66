"""How a forum is named in lists: its title, with the year only when the title lacks it."""


def forum_label(title, date):
    """Return "Title (2025)", or just the title when it already names the year."""
    year = f"{date:%Y}" if date else ""
    if not year or year in title:
        return title
    return f"{title} ({year})"
