"""A CSV deck edited in place: rows not edited keep their bytes; an edited row is written in
the file's separator and line ending, quoted only where needed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from ...source.sheetdeck import LIST_MARK, column_key
from .cards import CardList, is_wanted
from .model import REQUIRED_KEYS, Refused, refuse_untyped


class CsvCards(CardList):
    """A CSV deck: rows not edited keep their bytes; an edited row is written in the file's
    separator and line ending, quoted only where needed."""

    def __init__(self, text: str, fields: list[str]):
        self.fields = fields
        first = text.split("\n", 1)[0]
        self.delimiter = max(",;\t", key=first.count)
        self.newline = "\r\n" if first.endswith("\r") else "\n"
        self.records = _csv_records(text, self.delimiter)  # (cells, raw text or None)
        self.quoting: dict[int, list[bool]] = {}  # an edited row's cells quoted as they were
        if not self.records:
            raise Refused("the CSV file has no header row")
        header = self.records[0][0]
        self.keys = [_header_key(cell) for cell in header]
        self.list_columns = {number for number, cell in enumerate(header)
                             if cell.strip().lower().endswith(LIST_MARK.strip())}
        if "id" not in self.keys:
            raise Refused("the CSV file has no 'id' column")

    def _card_records(self) -> list[int]:
        return [number for number, (cells, _) in enumerate(self.records)
                if number > 0 and any(cell.strip() for cell in cells)]

    def ids(self) -> list[str]:
        column = self.keys.index("id")
        return [self._cells(number)[column].strip() for number in self._card_records()]

    def _cells(self, number: int) -> list[str]:
        cells = list(self.records[number][0])
        return cells + [""] * (len(self.keys) - len(cells))

    def as_dicts(self) -> list[dict[str, Any]]:
        cards = []
        for number in self._card_records():
            cells = self._cells(number)
            cards.append({key: cells[column] if column not in self.list_columns
                          else [line for line in cells[column].splitlines() if line.strip()]
                          for column, key in enumerate(self.keys) if key and cells[column]})
        return cards

    def _column(self, field_name: str) -> int:
        self.check_key(field_name)
        if field_name not in self.keys:
            header = list(self.records[0][0])
            header.append(field_name + (LIST_MARK if field_name in self.fields else ""))
            self.records[0] = (header, None)
            self.keys.append(field_name)
            if field_name in self.fields:
                self.list_columns.add(len(self.keys) - 1)
        return self.keys.index(field_name)

    def set(self, card_id: str, field_name: str, value: Any) -> None:
        column = self._column(field_name)
        number = self._card_records()[self.index_of(card_id)]
        if not is_wanted(value) and field_name in REQUIRED_KEYS:
            raise Refused(f"a card needs a {field_name}; it cannot be left empty")
        refuse_untyped(field_name, value, self.fields)
        cells = self._cells(number)
        cells[column] = self._cell_text(value)
        self.quoting[id(cells)] = _quoted_cells(self.records[number][1] or "", self.delimiter)
        self.records[number] = (cells, None)

    @staticmethod
    def _cell_text(value: Any) -> str:
        if not is_wanted(value):
            return ""
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return str(value).strip("\n")

    def add(self, after: int, values: dict[str, Any]) -> str:
        card_id = self.fresh_id(values, after)
        for key in values:
            if is_wanted(values[key]):
                self._column(str(key))
        cells = [""] * len(self.keys)
        cells[self.keys.index("id")] = card_id
        for key, value in values.items():
            if key != "id" and is_wanted(value):
                refuse_untyped(str(key), value, self.fields)
                cells[self.keys.index(str(key))] = self._cell_text(value)
        cards = self._card_records()
        after = max(-1, min(after, len(cards) - 1))
        position = cards[after] + 1 if after >= 0 else 1
        self.records.insert(position, (cells, None))
        return card_id

    def remove(self, card_id: str) -> None:
        cards = self._card_records()
        if len(cards) == 1:
            raise Refused("a deck needs at least one card; add another before removing this "
                          "one")
        del self.records[cards[self.index_of(card_id)]]

    def move(self, card_id: str, to_index: int) -> None:
        cards = self._card_records()
        source = cards[self.index_of(card_id)]
        to_index = max(0, min(to_index, len(cards) - 1))
        record = self.records.pop(source)
        cards = self._card_records()
        position = cards[to_index] if to_index < len(cards) else cards[-1] + 1
        self.records.insert(position, record)

    def text(self) -> str:
        parts = []
        for number, (cells, raw) in enumerate(self.records):
            if raw is None:
                quoted = self.quoting.get(id(cells), [])
                if number > 0:
                    cells = cells + [""] * (len(self.keys) - len(cells))
                raw = _row_text(cells, quoted, self.delimiter, self.newline)
            elif not raw.endswith(("\n", "\r")):
                raw += self.newline  # a row that was last, and is last no more
            parts.append(raw)
        text = "".join(parts)
        last_raw = self.records[-1][1]
        if last_raw is not None and not last_raw.endswith(("\n", "\r")):
            text = text[:-len(self.newline)]  # the file ended without a line break: still so
        return text


def _header_key(header: str) -> str:
    text = header.strip()
    if text.lower().endswith(LIST_MARK.strip()):
        text = text[:-len(LIST_MARK.strip())].strip()
    return column_key(text) if text else ""


def _row_text(cells: list[str], quoted: list[bool], delimiter: str, newline: str) -> str:
    """A CSV row: each cell quoted if it was, or if it must be (a separator, quote or line
    break in it)."""
    def cell_text(number: int, cell: str) -> str:
        was = number < len(quoted) and quoted[number]
        if was or any(char in cell for char in (delimiter, '"', "\n", "\r")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return delimiter.join(cell_text(number, cell) for number, cell in enumerate(cells)) + newline


def _quoted_cells(raw: str, delimiter: str) -> list[bool]:
    """Which cells of a row, as written, were in quotes."""
    quoted: list[bool] = []
    position, length = 0, len(raw.rstrip("\r\n"))
    while position <= length:
        if position < length and raw[position] == '"':
            quoted.append(True)
            position += 1
            while position < length:
                if raw[position] == '"':
                    if position + 1 < length and raw[position + 1] == '"':
                        position += 2
                        continue
                    break
                position += 1
        else:
            quoted.append(False)
        end = raw.find(delimiter, position, length)
        if end < 0:
            break
        position = end + 1
    return quoted


def _csv_records(text: str, delimiter: str) -> list[tuple[list[str], str | None]]:
    """Each row of a CSV text with the exact text it was written as (a cell may hold line
    breaks, so a row may be several lines)."""
    lines = io.StringIO(text, newline="")
    consumed: list[str] = []

    def feed() -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line

    records: list[tuple[list[str], str | None]] = []
    reader = csv.reader(feed(), delimiter=delimiter)
    try:
        for row in reader:
            records.append((row, "".join(consumed)))
            consumed.clear()
    except csv.Error as error:
        raise Refused(f"row {reader.line_num} of the CSV file cannot be read: {error}") from None
    return records
