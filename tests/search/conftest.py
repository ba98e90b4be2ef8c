"""The search tests run once per engine (search_support.ENGINES), each in indexes of its own."""
import pytest
from django.core.management import call_command

from tests.search_support import ENGINES, drop_indexes, use_engine


@pytest.fixture(params=ENGINES)
def engine(request, settings, db):
    use_engine(settings, request.param)
    if request.param != "database":  # indexes are made by a rebuild, never by a write or a search
        call_command("rebuild_search_index", verbosity=0)
    yield request.param
    drop_indexes(settings)
