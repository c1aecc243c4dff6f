"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` object for every operation
(about a third of a millisecond of Python each: the client fills its table of
response callbacks), and pages read the cache several times per request (the content
version, the session, the anonymous page cache). The client object is thread-safe and
holds no connection itself (connections come from the pool), so one per pool does.
https://docs.djangoproject.com/en/5.2/topics/cache/#redis
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisClient


class RedisCacheClient(DjangoRedisClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
