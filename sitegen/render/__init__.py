"""Renderers: pure functions of a ``Site`` that return ``{site path: bytes}`` (pages, feeds, data files)."""
