"""Builders the tests share: plain modules, no fixtures and no tests.

Fixtures live in the conftest.py files, which build on these; a test module imports from here
and never from another test module or a conftest.
"""
