"""Reading Exchange message traces in blocks: the machinery behind :mod:`diagnostic.ingest.formats.message_trace`."""
