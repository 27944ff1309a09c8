"""Tests of the services in qa/pipeline/ and the commands over them, by feature."""
