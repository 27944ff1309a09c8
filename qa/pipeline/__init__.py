"""Pipeline stages (ingest, sample, transcribe, score, review, export) the CLI and TUI call."""
