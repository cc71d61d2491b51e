"""Small helpers the stages share and that belong to none of them: a bounded memo for pure functions of
text, and the worker processes a build may use."""
