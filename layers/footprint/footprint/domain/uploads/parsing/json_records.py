"""JSON: a list of records or JSON Lines, decoded record by record."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import IO

from footprint.domain.errors import InvalidInput
from footprint.domain.uploads.parsing.rows import NOT_UTF8, READ_CHUNK, Row

_MAX_JSON_RECORD_CHARS = 1 << 20

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


class _Text:
    """UTF-8 text read from a byte stream in chunks, kept only from the reading position on."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.buffer = ""
        self.position = 0
        self.eof = False
        self.record = 1  # the record being read, for error messages

    def more(self) -> bool:
        """Read another chunk; False at the end of the stream."""
        if self.eof:
            return False
        chunk = self._stream.read(READ_CHUNK)
        try:
            text = self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise InvalidInput(NOT_UTF8, row=self.record) from None
        if not chunk:
            self.eof = True
        if self.position > READ_CHUNK:
            self.buffer = self.buffer[self.position :]
            self.position = 0
        self.buffer += text
        return True

    def next_char(self) -> str:
        """The next non-whitespace character, not consumed; "" at the end."""
        while True:
            buffer, position = self.buffer, self.position
            while position < len(buffer) and buffer[position] in _WHITESPACE:
                position += 1
            self.position = position
            if position < len(buffer):
                return buffer[position]
            if not self.more():
                return ""


def json_rows(stream: IO[bytes]) -> Iterator[tuple[int, Row]]:
    text = _Text(stream)
    text.more()
    text.buffer = text.buffer.removeprefix("\ufeff")
    first = text.next_char()
    if first == "[":
        text.position += 1
        return _json_list(text)
    if first == "{":
        return _json_lines(text)
    raise InvalidInput("JSON uploads are a list of records or JSON Lines", row=1)


def _json_list(text: _Text) -> Iterator[tuple[int, Row]]:
    if text.next_char() == "]":
        text.position += 1
        _expect_end(text)
        return
    while True:
        if text.next_char() != "{":
            raise InvalidInput("each record must be a JSON object", row=text.record)
        record = _decode_object(text)
        yield text.record, _json_record(record, text.record)
        text.record += 1
        separator = text.next_char()
        text.position += 1
        if separator == "]":
            _expect_end(text)
            return
        if separator != ",":
            raise InvalidInput("the JSON list is malformed after this record", row=text.record - 1)


def _decode_object(text: _Text) -> object:
    while True:
        try:
            value, end = _DECODER.raw_decode(text.buffer, text.position)
        except json.JSONDecodeError as error:
            if len(text.buffer) - text.position > _MAX_JSON_RECORD_CHARS or not text.more():
                raise InvalidInput(f"the JSON is malformed: {error.msg}", row=text.record) from None
            continue
        text.position = end
        return value


def _expect_end(text: _Text) -> None:
    if text.next_char():
        raise InvalidInput("unexpected data after the JSON list", row=max(text.record - 1, 1))


def _json_lines(text: _Text) -> Iterator[tuple[int, Row]]:
    line = 1
    while True:
        buffer = text.buffer
        newline = buffer.find("\n", text.position)
        if newline < 0 and not text.eof:
            if len(buffer) - text.position > _MAX_JSON_RECORD_CHARS:
                raise InvalidInput("a JSON line is too long", row=line)
            text.more()
            continue
        end = len(buffer) if newline < 0 else newline
        content = buffer[text.position : end].strip()
        text.position = end + 1
        if content:
            text.record = line
            try:
                record = json.loads(content)
            except json.JSONDecodeError as error:
                raise InvalidInput(f"the JSON line is malformed: {error.msg}", row=line) from None
            if not isinstance(record, dict):
                raise InvalidInput("each line must be a JSON object", row=line)
            yield line, _json_record(record, line)
        if newline < 0:
            return
        line += 1


def _json_record(record: object, row: int) -> Row:
    if not isinstance(record, dict):
        raise InvalidInput("each record must be a JSON object", row=row)
    for column, value in record.items():
        if isinstance(value, dict | list):
            raise InvalidInput(
                "a value must be text, a number or null", row=row, column=str(column)
            )
    return record
