"""Checks that work on ANY built site directory: pure functions of the files, returning located problems.

Each module turns one tool's verdict into ``sitegen.model.Problem`` values whose location is the site file
and line, so a failing test prints ``papers/x/index.html:12:5: error: ...`` lines, one per problem.
"""
