"""An export as an HTTP answer, the same for the admin and the API: CSV streamed as it is read, XLSX
written to a temporary file and then streamed from it. Neither holds the rows in memory."""

from __future__ import annotations

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from . import selectors, writers
from .services import CSV, ExportPlan

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def export_response(plan: ExportPlan) -> StreamingHttpResponse | FileResponse:
    """The file of ``plan`` as a download named ``plan.filename``; ``X-Export-Rows`` says how many rows."""
    columns = plan.dataset.columns
    response: StreamingHttpResponse | FileResponse
    if plan.format == CSV:
        response = StreamingHttpResponse(
            writers.csv_chunks(columns, selectors.rows(plan.queryset)), content_type=CSV_TYPE
        )
        response["Content-Disposition"] = content_disposition_header(True, plan.filename)
    else:
        handle, _ = writers.write_xlsx(columns, selectors.rows(plan.queryset), sheet=str(plan.dataset.sheet))
        response = FileResponse(handle, as_attachment=True, filename=plan.filename, content_type=XLSX_TYPE)
    response["X-Export-Rows"] = str(plan.rows)
    response["Cache-Control"] = "no-store"
    return response
