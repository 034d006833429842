"""Reading an import file one line at a time, without trusting it.

Lines are split on ``\\n`` only: JSON allows U+2028, U+0085 and friends unescaped inside
strings, and ``str.splitlines()`` would cut a valid line in two there. Each line is decoded
on its own, so a byte that is not UTF-8 costs only its own line, and its length is capped,
so a file without newlines (or a binary file) cannot fill the memory.
"""

from imports.importing import LineError

MAX_LINE_BYTES = 4 * 1024 * 1024
_SKIP_CHUNK = 64 * 1024


def read_lines(stream, max_bytes=MAX_LINE_BYTES):
    """Yield one item per physical line of a binary ``stream``: its text, or a LineError."""
    first = True
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while True:  # Skip the rest of the line, a chunk at a time.
                rest = stream.readline(_SKIP_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            first = False
            size = f"{max_bytes // 2**20} MB" if max_bytes >= 2**20 else f"{max_bytes} bytes"
            yield LineError(f"The line is longer than {size}; nothing from it was imported.")
            continue
        raw = raw.removesuffix(b"\n").removesuffix(b"\r")
        if first:
            # Editors on Windows save UTF-8 with a byte order mark; it is not part of the JSON.
            raw = raw.removeprefix(b"\xef\xbb\xbf")
            first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield LineError(
                f"The line is not UTF-8 text (byte 0x{raw[error.start]:02x} at byte {error.start + 1}); "
                "save the file as UTF-8."
            )


def count_lines(stream):
    """The number of lines ``read_lines`` will yield, counted without holding the file."""
    count, last = 0, b"\n"
    while chunk := stream.read(1024 * 1024):
        count += chunk.count(b"\n")
        last = chunk[-1:]
    return count if last == b"\n" else count + 1
