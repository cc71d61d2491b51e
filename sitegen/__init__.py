"""sitegen: a static-site generator for a curated digest of machine-learning papers."""

__version__ = "0.1.0"
