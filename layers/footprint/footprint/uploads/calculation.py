"""Starting an upload's calculation: once it is received, and again with newer factors.

Recording a new calculation id on the upload and starting the workflow under that id are
one use case (``record_and_start``): the execution is named after the calculation id, so
starting it again (a redelivered event, a retried request) runs nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable

from footprint.adapters.upload_records import Upload, UploadStore
from footprint.adapters.workflow import new_calculation_id, start_calculation
from footprint.domain.errors import Conflict
from footprint.domain.tenancy import TenantContext
from footprint.domain.uploads.lifecycle import Status


def startable(upload: Upload) -> bool:
    """Whether the upload waits for its calculation to start (or to be found started)."""
    return upload.status is Status.RECEIVED and upload.calculation_id is not None


def start(context: TenantContext, upload: Upload) -> bool:
    """Start the calculation of a received upload; answers whether there was one to start."""
    if not startable(upload) or upload.calculation_id is None:
        return False
    start_calculation(context, upload.upload_id, upload.calculation_id, upload.gwp_set)
    return True


def record_and_start(context: TenantContext, record: Callable[[str], Upload]) -> Upload:
    """Record the upload with a new calculation id (``record`` writes it), then start that
    calculation; answers the upload as recorded."""
    upload = record(new_calculation_id())
    start(context, upload)
    return upload


def recalculate(context: TenantContext, upload_id: str, gwp_set: str | None) -> Upload:
    """Calculate a completed (or failed) upload again with the factor editions now in force,
    under ``gwp_set`` or its own; answers the upload with its new calculation id. The
    published result stays readable until the new one replaces it."""
    store = UploadStore(context)
    upload = store.require(upload_id)
    if not upload.current_calculation:
        raise Conflict("Only a completed upload can be recalculated.", field="upload_id")
    chosen = gwp_set or upload.gwp_set
    return record_and_start(
        context, lambda calculation_id: store.start_calculation(upload_id, calculation_id, chosen)
    )
