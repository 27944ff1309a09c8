"""Pure domain: transcripts, rubrics, matching, scoring, sampling. No DB, UI or model imports."""
