"""The terminal review UI (Textual): screens, widgets and one stylesheet, over the services."""
