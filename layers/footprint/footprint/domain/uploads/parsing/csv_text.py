"""CSV: UTF-8 text in blocks of whole lines, its delimiter, its header, its rows."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from typing import IO, Any

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing.rows import (
    NOT_UTF8,
    SAVE_AS_UTF8,
    ZIP_MAGIC,
    Row,
    beyond_header,
    checked_header,
)

_CSV_BLOCK = 1 << 20
_UTF8_BOM = codecs.BOM_UTF8
_OTHER_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def text_blocks(stream: IO[bytes]) -> Iterator[str]:
    """The stream decoded as UTF-8 in blocks of whole lines (any readable stream: an S3 body
    included, whose own iteration yields fixed-size chunks, not lines). Decoding a block at a
    time keeps the per-line work in C; a decoding error still names its line."""
    pending = b""
    lines_before = 0
    first = True
    while True:
        chunk = stream.read(_CSV_BLOCK)
        data = pending + chunk
        cut = len(data) if not chunk else data.rfind(b"\n") + 1
        block, pending = data[:cut], data[cut:]
        if first and block:
            first = False
            if block.startswith(ZIP_MAGIC):
                raise InvalidInput("the file is an XLSX workbook, not CSV: name it .xlsx", row=1)
            for bom, name in _OTHER_BOMS.items():
                if block.startswith(bom):
                    raise InvalidInput(f"the file is {name} text, not UTF-8: {SAVE_AS_UTF8}", row=1)
            block = block.removeprefix(_UTF8_BOM)
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError as error:
            line = lines_before + block.count(b"\n", 0, error.start) + 1
            raise InvalidInput(NOT_UTF8, row=line) from None
        lines_before += block.count(b"\n")
        if text:
            yield text
        if not chunk:
            return


def delimiter_of(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def csv_blocks(stream: IO[bytes]) -> tuple[Iterator[str], str]:
    """A CSV file's text blocks and its delimiter; ``InvalidInput`` for an empty file."""
    blocks = text_blocks(stream)
    first = next(blocks, "")
    header_line = first.partition("\n")[0]
    if not header_line.strip():
        raise InvalidInput("the file is empty: the first row must be the header", row=1)
    return itertools.chain((first,), blocks), delimiter_of(header_line)


def taken_lines(blocks: Iterable[str], taken: list[str]) -> Iterator[str]:
    """The blocks' lines, each block's also added to ``taken`` before any is given out (a
    csv reader's ``line_num`` then says how many of ``taken`` it has consumed)."""
    for block in blocks:
        # StringIO splits on "\n" only, as csv needs (quoted newlines stay in their field).
        block_lines = io.StringIO(block).readlines()
        taken.extend(block_lines)
        yield from block_lines


def csv_header(reader: Any) -> list[str]:
    try:
        names = next(reader)
    except csv.Error as error:
        raise InvalidInput(f"the CSV is malformed: {error}", row=1) from None
    return checked_header(names, 1)


def _csv_reader(stream: IO[bytes]) -> tuple[list[str], Any]:
    """A CSV file's header, and a ``csv.reader`` positioned after it. Raises
    ``InvalidInput`` for an empty file or a bad header."""
    blocks, delimiter = csv_blocks(stream)
    lines = itertools.chain.from_iterable(io.StringIO(block) for block in blocks)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    return csv_header(reader), reader


def csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, Row]]:
    header, reader = _csv_reader(stream)
    width = len(header)
    position = 1  # the spreadsheet row of the record last read (header = 1)
    try:
        for values in reader:
            position += 1
            count = len(values)
            if count == width:
                if any(values):
                    yield position, dict(zip(header, values, strict=True))
                continue
            if count > width and any(value.strip() for value in values[width:]):
                raise beyond_header(position, width)
            if any(values):
                yield position, dict(zip(header, values, strict=False))
    except csv.Error as error:
        raise InvalidInput(f"the CSV is malformed: {error}", row=position + 1) from None
