"""Import a forum documentation (plain text or Markdown) as draft practices."""
