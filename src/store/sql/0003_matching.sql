-- Matching (issue 5). Owned by src/store/matching.rs.
--
-- Facts about communes that the shipped gazetteer lacks, entered by workers: coordinates of
-- a commune GeoNames does not place, and the schools known there (for the schooling
-- criterion). Keyed by INSEE code when the gazetteer knows the commune, else by the
-- normalised name as typed.
CREATE TABLE commune_facts (
    key TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    lat REAL,
    lon REAL,
    schools TEXT,
    updated_at TEXT NOT NULL
) STRICT;
