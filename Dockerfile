# The production image: gunicorn serving config.wsgi; the same image runs the Celery
# worker and beat (see docker-compose.yml). Build: docker build -t larder-and-loom .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    MEDIA_ROOT=/app/media

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# Every pinned package ships a manylinux wheel (psycopg-binary carries its own libpq),
# so no compiler or -dev packages are needed.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=app:app . .

# collectstatic imports the production settings, which refuse to start without a strong
# key: give it a random one made for this build step alone and never kept.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
        ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /app/media \
    && chown app:app /app/media

USER app
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request as u; u.urlopen(u.Request('http://localhost:8000/healthz', headers={'X-Forwarded-Proto': 'https'}), timeout=8)"

CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
