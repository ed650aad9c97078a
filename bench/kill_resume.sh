#!/usr/bin/env bash
# The 20,000-document synthetic archive of `make bench` (bench/cache/synth-20000): ingest it with the
# progress bar (on a terminal made by `script`), SIGKILL the whole process group after 90 s, resume,
# and check the store holds exactly the archive's documents. Run `make bench` first.
set -u
cd "$(dirname "$0")/.."
DB=bench/cache/kill-resume.db
rm -f $DB $DB-wal $DB-shm
ARCH=bench/cache/synth-20000
echo "files in archive: $(find $ARCH -type f \( -name '*.txt' -o -name '*.docx' -o -name '*.pdf' \) | wc -l)"
setsid script -qfec ".venv/bin/congvan ingest $ARCH --db $DB --workers 2" bench/cache/kill-resume-run1.log > /dev/null &
PID=$!
sleep 90
PGID=$(ps -o pgid= -p $PID | tr -d ' ')
echo "killing process group $PGID after 90 s"
kill -KILL -- -$PGID
sleep 2
echo "after kill: documents $(.venv/bin/python -c "import sqlite3;print(sqlite3.connect('$DB').execute('SELECT count(*) FROM documents').fetchone()[0])")"
tail -c 400 bench/cache/kill-resume-run1.log | tr '\r' '\n' | tail -3
echo "== resume"
.venv/bin/congvan ingest $ARCH --db $DB --workers 2 2>&1 | tail -2
.venv/bin/python - <<PY
import sqlite3, os
from pathlib import Path
conn = sqlite3.connect("$DB")
archive = {str(p.resolve()) for p in Path("$ARCH").rglob("*") if p.suffix in (".txt", ".docx", ".pdf")}
ok = {r[0] for r in conn.execute("SELECT path FROM paths WHERE status IN ('ok','partial')")}
docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
distinct = conn.execute("SELECT count(DISTINCT file_hash) FROM documents").fetchone()[0]
print(f"archive files {len(archive)}, documents {docs} ({distinct} distinct files), paths ok/partial {len(ok)}, "
      f"missing {len(archive - ok)}, extra {len(ok - archive)}")
print(dict(conn.execute("SELECT status, count(*) FROM paths GROUP BY status").fetchall()))
raise SystemExit(0 if archive == ok and docs == len(archive) else "the store does not hold exactly the archive")
PY
