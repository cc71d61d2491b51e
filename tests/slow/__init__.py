"""Slow checks of a built site with the tools the web uses (every test here is marked ``slow``)."""
