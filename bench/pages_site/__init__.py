"""The site bench/pages.py serves: production settings with a URLconf of its own that
adds a bare view (HttpResponse("ok") behind the same middleware as every page), and
the bench's helpers (wrk, the large catalogue)."""
