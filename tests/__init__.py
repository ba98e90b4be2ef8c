"""The shop's tests, one package per business area.

checkout/ payments/ orders/ catalogue/ content/ search/ reports/ accounts/ emails/ imagery/
pagecache/ security/ operations/ (settings, health, static files, scaling, dependency audit),
faults/ (real services failing) and browser/ (Chromium journeys). Package names steer clear
of the standard library's (emails/, operations/), since tests/run_localstripe.py runs with
tests/ first on sys.path.

Shared builders live in factories.py and the fixtures every area uses in conftest.py; an
area's own fixtures sit in its conftest.py and its helpers in a plain module beside its
tests. A test module never imports another test module or a conftest.
"""
