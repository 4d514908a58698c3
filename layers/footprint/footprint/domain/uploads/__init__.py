"""Uploaded activity files: reading them (``parsing``), screening them for personal data
(``pii``) and making exports safe to open in a spreadsheet (``formula``). Pure: streams in,
values out, no AWS."""
