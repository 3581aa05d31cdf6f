from parentpartner import navigation


def navigation_links(request):
    """The navigation links this user may follow (`parentpartner.navigation`, contributed by each app)."""
    return {"nav_links": navigation.links(request.user)}
