"""One module per CLI command. Each exposes ``register(subparsers)`` and sets ``func`` on its parser:
``func(args) -> int`` returns the exit code. Commands are thin: parse arguments, call the library,
print. ``sitegen.cli`` turns ``SitegenError`` into messages and exit codes."""
