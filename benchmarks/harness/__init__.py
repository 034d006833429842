"""What every benchmark needs around its own measurement, written once.

``cli`` (options every benchmark shares), ``django_setup`` (Django on a throwaway database and
the demo content), ``engines`` (engine.sh, shared with the test suite's engine fixtures),
``search_setup`` (Erfa pointed at an engine, an index built and dropped), ``content`` (generated
reports in the page tree), ``server`` (gunicorn and other child processes), ``load`` (sending
requests and reading what came back), ``stats`` (percentiles) and ``report`` (machine, commit,
date and command line with the results). Nothing here imports a benchmark.
"""


class BenchmarkError(Exception):
    """The benchmark cannot run (an engine or server will not start, bad arguments)."""
