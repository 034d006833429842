"""Command-line options every benchmark shares, and how a benchmark script ends."""

import argparse
import signal
import sys

from benchmarks.harness.engines import BACKEND_SETTING, PORTS, state_dir


def csv_list(text):
    """``"a, b,,c"`` → ``["a", "b", "c"]``."""
    return [item.strip() for item in text.split(",") if item.strip()]


def parser_for(doc):
    """A parser described by the first paragraph of the benchmark's docstring."""
    return argparse.ArgumentParser(description=doc.split("\n\n")[0])


def add_out(parser, default):
    parser.add_argument("--out", default=str(default), help="JSON results")


def parse_with_engines(parser, argv, benchmark):
    """Parse with --state-dir, --ports, --keep-engines and --no-progress; ``args.port_map`` is ``{engine: port}``."""
    parser.add_argument(
        "--state-dir",
        default=str(state_dir(benchmark)),
        help="engine.sh state folder (ENGINES_STATE_DIR); an engine already running there is reused, not stopped",
    )
    example = ",".join(f"{name}={port}" for name, port in PORTS[benchmark].items())
    parser.add_argument("--ports", default="", help=f"engine ports, e.g. {example}")
    parser.add_argument("--keep-engines", action="store_true", help="leave engines this run started running")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    args.port_map = dict(PORTS[benchmark])
    for item in csv_list(args.ports):
        name, _, port = item.partition("=")
        if name not in BACKEND_SETTING or not port.isdigit():
            parser.error(f"--ports takes engine=port pairs, not “{item}”")
        args.port_map[name] = int(port)
    return args


def choice_list(parser, option, text, allowed):
    """The comma-separated names of ``option``, each one of ``allowed``, at least one."""
    names = csv_list(text)
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        parser.error(f"{option} takes {', '.join(allowed)}, not {', '.join(unknown) or 'nothing'}")
    return names


def unwind_on_sigterm():
    """On SIGTERM unwind like Ctrl-C: the ``finally`` blocks stop what the run started and remove its files."""
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
