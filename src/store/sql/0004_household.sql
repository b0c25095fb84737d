-- Household view (issue 4). Owned by src/store/household.rs.

-- Files attached to a document of the checklist. The bytes live inside the encrypted
-- database (never as a file beside it), at most 10 MiB each (checked by the store).
CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    document_id TEXT NOT NULL REFERENCES document_items(id) DEFERRABLE INITIALLY DEFERRED,
    file_name TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    added_at TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_document_id ON attachments(document_id);

-- A form being edited when the app locked: written just before the connection is
-- dropped, read and deleted after the next unlock (secure_delete wipes the pages).
CREATE TABLE drafts (
    key TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    saved_at TEXT NOT NULL
) STRICT;

-- The household list reads the last contact and the flags per household.
CREATE INDEX notes_live_household ON notes(household_id) WHERE deleted_at IS NULL;
