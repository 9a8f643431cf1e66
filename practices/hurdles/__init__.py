"""The public hurdle catalogue: list with search and facets, and its three exports."""
