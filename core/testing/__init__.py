"""Helpers for the test suite: browser, accessibility, real worker processes."""
