"""The organisation: units in a tree of any depth, kept as data (shared/DOMAIN.md §0)."""
