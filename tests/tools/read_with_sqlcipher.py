"""Independent check: open a Passerelle database with PyPI's sqlcipher3 (SQLCipher 4),
given only the raw key that `passerelle recover --print-raw-key` printed.

Usage: python3 read_with_sqlcipher.py DB HEXKEY  -> prints the tables and the site id.
"""
import sys

import sqlcipher3

db, hex_key = sys.argv[1], sys.argv[2]
conn = sqlcipher3.connect(f"file:{db}?mode=ro", uri=True)
conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")
tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
site = conn.execute("SELECT value FROM meta WHERE key='site_id'").fetchone()[0]
print("tables:", ",".join(tables))
print("site_id:", site)
