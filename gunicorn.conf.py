"""gunicorn's settings for the web service: the Dockerfile, docker-compose.yml, the
plain-process setup in the README and bench/pages.py all start gunicorn with
`-c gunicorn.conf.py`, so they run the same worker count and class.
https://docs.gunicorn.org/en/stable/settings.html"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers, two per core: a request waits on PostgreSQL or Redis about half its
# time. Slow phone connections are buffered by the reverse proxy in front (README),
# so a worker is never held by a slow client.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# GUNICORN_MAX_REQUESTS: restart a worker after about this many requests (a random
# half more or less, so that they do not restart together), should a library leak
# memory. Off by default: a restart costs a second of boot and empties the worker's
# memos; under a class's load 5,000 came round for all workers within seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 2
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
