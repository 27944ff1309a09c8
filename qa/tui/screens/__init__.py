"""Full screens of the review UI: the queue, one call, help, and the dialogs that ask for text."""
