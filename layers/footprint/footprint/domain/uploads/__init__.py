"""Uploaded activity files: reading them (``parsing``), screening them for personal data
(``pii``), making exports safe to open in a spreadsheet (``formula``), and the statuses an
upload passes through (``lifecycle``). Pure: streams in, values out, no AWS."""
