"""What clicking a facet option does to the query, as the list page's form does it."""


def after_click(params, facet, option):
    """Return the query (a dict of lists) the list shows after clicking `option` of `facet`.

    An option not chosen is ticked: added to a multi-valued facet (OR), replacing the choice of
    a single-valued one. For a chosen option the count promises the total with it alone chosen.
    """
    query = {name: params.getlist(name) for name in params if name != "page"}
    if option.selected or not facet.multiple:
        query[facet.name] = [option.value]
    else:
        query[facet.name] = [*query.get(facet.name, []), option.value]
    return query
