"""podcast plugin (placeholder until its issue lands)."""


def register() -> None:
    """Nothing to connect yet."""
