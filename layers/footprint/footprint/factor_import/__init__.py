"""Converts the publishers' tables in ``data/factor-sources`` into the committed library.

Run ``python -m footprint.factor_import --source data/factor-sources --out
layers/footprint/footprint/data/factors``. Each source edition becomes one JSON file whose
factors keep the published value, the published unit, the table, the row label and the cell,
so an auditor can walk from any number back to the publication. The output is byte-for-byte
reproducible: same inputs, same files.
"""
