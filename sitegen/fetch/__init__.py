"""``sitegen fetch``: listings from Hugging Face and arXiv, saved unchanged as dumps.

``client`` speaks HTTP (a User-Agent, timeouts, a few polite retries); ``listings`` knows each
source's URL, file name and how to tell a listing from an error page. Nothing here parses papers:
the saved file is read by ``sources`` like any other dump.
"""
