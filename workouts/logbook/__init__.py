"""The logbook: session, entry and set writes (actions), the records store (records_store) and
the logging pages' read models (reads)."""
