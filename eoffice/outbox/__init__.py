"""The transactional outbox: side effects (search indexing, notifications, derived files)
are written as events in the same transaction as the change, and a worker carries them out
after the commit, with retries. A crash at any point loses no update."""
