"""Article ingest: raw articles (plain text, HTML, the M2E2 VOA sentence records) to :class:`~annotation.model.Document`."""
