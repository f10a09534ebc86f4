"""The commune's home page."""

from pyramid.view import view_config


@view_config(route_name="home", renderer="portail_core:templates/home.pt")
def home(request):
    return {}
