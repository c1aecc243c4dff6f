# Birgemiz Academy: one image for web (gunicorn), Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=lms.settings.production

WORKDIR /app
# Pango and its font stack for WeasyPrint (certificate PDFs); certificate fonts ship in the repo.
# postgresql-client: pg_dump and pg_restore for the backup and restore commands (Debian
# bookworm's are 15, the major version of docker-compose.yml's postgres).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 postgresql-client \
 && rm -rf /var/lib/apt/lists/*
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

COPY . .
# Static files are collected at build time and served by whitenoise from the web workers.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput -v0 \
 && useradd --system --uid 1000 --home /app app \
 && mkdir -p /app/var/media /app/var/private \
 && chown -R app /app/var

USER app
EXPOSE 8000
# System checks first: web refuses to start on a configuration that would issue
# unverifiable certificates (e.g. LMS_PUBLIC_URL left at a loopback default).
CMD ["sh", "-c", "python manage.py check --fail-level ERROR && exec gunicorn -c gunicorn.conf.py lms.wsgi:application"]
