"""callqa: offline call-quality monitoring and scoring for contact centres."""

__version__ = "0.1.0"
