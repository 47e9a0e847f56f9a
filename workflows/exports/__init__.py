"""Exports from the desk: the claim queue (as filtered), verdicts and the corrections log, as CSV or Excel.

Nothing else leaves the desk except the public site and its feeds, so an export is a desk action like any
other: one permission (``access``), one service that checks it and writes the audit record
(``services.export_prepare``), reads in ``selectors`` (a fixed number of queries per chunk of rows, never
one per row), the columns as data (``columns``), writers that never hold the rows in memory (``writers``:
CSV streamed, XLSX in XlsxWriter's constant-memory mode through a temporary file) and the HTTP answer both
the admin (``desk``) and the API give (``http``).
"""
