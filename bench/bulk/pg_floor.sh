#!/usr/bin/env bash
# Bulk insert of 1M waybill rows into PostgreSQL (issue 3): `YanjianBench bulk --defer-indexes` against
# psql's `\copy` of the same rows into the same table (one COPY, then the three secondary indexes built),
# alternating. The database must exist and be migrated (YanjianBench migrates it on its first run).
#   bash bench/bulk/pg_floor.sh 'postgres://yanjian@127.0.0.1:54555/bench?sslmode=disable' [ROUNDS]
set -euo pipefail
url=${1:?usage: pg_floor.sh POSTGRES_URL [ROUNDS]}
rounds=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=${YANJIAN_BENCH:-$root/.build-release/release/YanjianBench}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 "$here/copy_rows.py" 1000000 "$out/rows.copy"
columns="waybill_no, courier, sender_name, sender_phone, receiver_phone, receiver_address, item_desc, pieces, weight_kg, accepted_at, adcode"
for _ in $(seq "$rounds"); do
    "$bench" bulk --db "$url" --rows 1000000 --defer-indexes 2>&1 | grep -v warning
    psql "$url" -q -c "TRUNCATE waybills" -c "DROP INDEX IF EXISTS waybills_adcode, waybills_sender_phone, waybills_receiver_phone"
    start=$(date +%s.%N)
    psql "$url" -q -c "\\copy waybills ($columns) from '$out/rows.copy'"
    loaded=$(date +%s.%N)
    psql "$url" -q -c "CREATE INDEX waybills_adcode ON waybills(adcode)" \
        -c "CREATE INDEX waybills_sender_phone ON waybills(sender_phone)" \
        -c "CREATE INDEX waybills_receiver_phone ON waybills(receiver_phone)"
    done_at=$(date +%s.%N)
    python3 -c "l=$loaded-$start; i=$done_at-$loaded; print('psql floor: 1000000 rows in %.2f s = %.0f rows/s (load %.2f s, indexes %.2f s)' % (l+i, 1e6/(l+i), l, i))"
done
