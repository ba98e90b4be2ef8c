from .forms import SearchForm


def search_form(request):
    """Make the header search box available to every template."""
    return {"search_form": SearchForm(request.GET or None)}
