import os

# Every web worker is its own process on the same cores. OpenBLAS, under numpy in the embedding
# model and the vector search, would start a busy-waiting thread per core in each of them, and
# at eight concurrent searches the workers' threads took the CPU from one another (make
# bench-search). One thread per web worker; `manage.py worker` keeps the default.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
