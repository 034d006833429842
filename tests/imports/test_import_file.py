"""Reading an import file: one item per physical line, whatever the bytes are."""

import io

from imports.import_file import count_lines, read_lines
from imports.importing import LineError


def items(data, **kwargs):
    return [item if isinstance(item, str) else f"error: {item}" for item in read_lines(io.BytesIO(data), **kwargs)]


def test_lines_split_on_newline_only_and_lose_their_line_ending():
    data = '{"a": "x\u2028y\u0085z"}\r\n{"b": 1}\n\nlast'.encode()
    assert items(data) == ['{"a": "x\u2028y\u0085z"}', '{"b": 1}', "", "last"]
    assert count_lines(io.BytesIO(data)) == 4


def test_a_byte_order_mark_is_dropped_from_the_first_line_only():
    assert items(b"\xef\xbb\xbf{}\n\xef\xbb\xbf{}\n") == ["{}", "\ufeff{}"]


def test_bytes_that_are_not_utf8_cost_only_their_line():
    result = list(read_lines(io.BytesIO(b'{"a": 1}\n{"b": "Bod\xf8"}\n{"c": 3}\n')))
    assert result[0] == '{"a": 1}' and result[2] == '{"c": 3}'
    assert isinstance(result[1], LineError) and "byte 0xf8 at byte 11" in str(result[1])


def test_an_overlong_line_is_skipped_to_its_end_and_the_next_line_is_read():
    data = b"short\n" + b"x" * 200_000 + b"\nnext\n" + b"y" * 10
    result = items(data, max_bytes=100)
    assert result[0] == "short" and result[2] == "next" and len(result) == 4
    assert result[1] == "error: The line is longer than 100 bytes; nothing from it was imported."
    assert result[3] == "y" * 10
    assert count_lines(io.BytesIO(data)) == 4
