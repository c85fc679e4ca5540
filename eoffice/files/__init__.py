"""Stored files: the one model every domain's files are (`StoredFile`), for every kind of work.

A stored file is the facts about one uploaded file — its SHA-256 (the bytes live in object
storage under it), name, type, size, which backend holds the bytes, and what the upload checks
found (page count, signatures, active content, pre-fill hints). Who holds it is a separate,
small link: a work item's file (`work.models.WorkFile`), a file staged for a form
(`documents.models.StagedUpload`), a file another unit delivered
(`documents.models.DeliveryFile`). Several links may share one stored file, so registering a
staged upload or a delivery moves no bytes and copies no facts.

A stored file no link points at is garbage: `service.drop_unlinked` finds the links by
foreign key, so a new kind that links files in its own table is covered with no edit here.
"""
