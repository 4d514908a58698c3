"""A table answered as a CSV attachment: the inventory export and the disclosure reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aws_lambda_powertools.event_handler import Response

from footprint.domain.inventory import to_csv
from footprint.domain.uploads.formula import neutralise


def csv_download(
    header: Sequence[str], rows: Iterable[Sequence[str]], filename: str
) -> Response[str]:
    """``rows`` under ``header`` as ``filename``; every cell neutralised, so a facility named
    ``=HYPERLINK(...)`` is text, not a formula, when the file is opened in a spreadsheet."""
    return Response(
        status_code=200,
        content_type="text/csv; charset=utf-8",
        body=to_csv(header, ([neutralise(cell) for cell in row] for row in rows)),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
