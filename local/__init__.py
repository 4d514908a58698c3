"""The local platform: the whole of Footprint on one machine, AWS emulated in-process by moto.

A development tool read from ``template.yaml``; nothing under ``functions/`` or ``layers/``
imports it.
"""
