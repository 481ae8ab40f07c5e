#!/usr/bin/env bash
# End-to-end checks of the yanjian binary that unit tests cannot make: the audit chain caught through
# the CLI after an edit with the sqlite3 tool, HTTPS with --tls-cert/--tls-key, a newer schema refused,
# bad arguments answered with a message and a non-zero status.
# Usage: scripts/cli-test.sh path/to/yanjian     (called by scripts/test.sh)
set -euo pipefail
BIN=$1
WORK=$(mktemp -d /tmp/yanjian-cli.XXXXXX)
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
pass=0; fail=0
check() { local name=$1; shift; if "$@" >"$WORK/last.log" 2>&1; then pass=$((pass+1)); echo "ok   $name"; else fail=$((fail+1)); echo "FAIL $name"; cat "$WORK/last.log"; fi; }
fails() { ! "$@"; }

export YANJIAN_AUDIT_KEY_FILE="$WORK/audit.key"
DB="$WORK/cli.db"
check "migrate creates a database" "$BIN" migrate --db "$DB"
check "user add reads the password from stdin" bash -c "echo 'a long enough password' | '$BIN' user add li.wei --role analyst --department tobacco --jurisdiction 3707 --password-stdin --db '$DB'"
check "user add refuses an unknown role" fails "$BIN" user add x.y --role boss --department tobacco --jurisdiction 3707 --db "$DB"
check "user add refuses a bad jurisdiction" fails "$BIN" user add x.y --role analyst --department tobacco --jurisdiction 37a --db "$DB"
check "a short password is refused" fails bash -c "echo short | '$BIN' user add short.pw --role analyst --department tobacco --jurisdiction 3707 --password-stdin --db '$DB'"
check "user list shows the user" bash -c "'$BIN' user list --db '$DB' | grep -q li.wei"
check "audit verify passes on an untouched log" "$BIN" audit verify --db "$DB"
check "audit export writes checkpoints" "$BIN" audit export --db "$DB" --out "$WORK/checkpoints.json"
sqlite3 "$DB" "UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"
check "audit verify fails after an entry was edited" fails "$BIN" audit verify --db "$DB"
check "the failure names the entry" bash -c "'$BIN' audit verify --db '$DB' | grep -q 'entry 1 was altered'"
sqlite3 "$DB" "INSERT INTO schema_migrations (id, applied_order, applied_at) VALUES ('9999-future', 9999, 0)"
check "a newer schema is refused with a message" bash -c "! '$BIN' user list --db '$DB' 2> '$WORK/err' && grep -q 'newer yanjian' '$WORK/err'"
check "an unknown subcommand is refused" fails "$BIN" frobnicate
check "--help teaches with examples" bash -c "'$BIN' user add --help | grep -q 'role' && '$BIN' --help | grep -q 'yanjian demo'"
check "--version prints a version" bash -c "'$BIN' --version | grep -Eq '^[0-9]+\.[0-9]+'"

# HTTPS with a self-signed certificate
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 -subj "/CN=127.0.0.1" >/dev/null 2>&1
TLS_DB="$WORK/tls.db"
"$BIN" migrate --db "$TLS_DB" >/dev/null
PORT=$(( 20000 + RANDOM % 900 ))
"$BIN" serve --db "$TLS_DB" --port "$PORT" --tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem" >"$WORK/tls.log" 2>&1 &
PID=$!
for _ in $(seq 1 50); do curl -skf "https://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
check "HTTPS serves health with --tls-cert/--tls-key" curl -skf "https://127.0.0.1:$PORT/api/v1/health"
check "HSTS is sent over HTTPS" bash -c "curl -sk -D - -o /dev/null 'https://127.0.0.1:$PORT/api/v1/nothing-here' | grep -qi strict-transport-security"
check "plain HTTP is not served on the TLS port" fails curl -sf --max-time 3 "http://127.0.0.1:$PORT/api/v1/health"
check "--tls-cert without --tls-key is refused" fails "$BIN" serve --db "$TLS_DB" --tls-cert "$WORK/cert.pem"
kill $PID; PID=""

# --- the closed loop from a terminal: warnings raised by analyze, worked, and bad steps refused --------
LOOP_DB="$WORK/loop.db"
"$BIN" synth --out "$WORK/world" --seed 3 --scale 0.01 >/dev/null 2>&1
"$BIN" import "$WORK/world" --db "$LOOP_DB" >/dev/null 2>&1
check "analyze ends by raising warnings" bash -c "'$BIN' analyze --db '$LOOP_DB' 2>/dev/null | grep -q '^warnings: .* raised'"
check "analyze on a store without retailers says so and finishes" bash -c "'$BIN' migrate --db '$WORK/empty.db' >/dev/null && '$BIN' analyze --db '$WORK/empty.db' 2>/dev/null | grep -q '^retailer risk: no retailers in the store'"
check "warnings list shows red ones first" bash -c "'$BIN' warnings list --db '$LOOP_DB' --limit 1 | grep -q '红'"
WID=$("$BIN" warnings list --db "$LOOP_DB" --status new --limit 200 | awk '$4 == "retailer" {print $1; exit}')
check "an illegal step is refused with the allowed ones" bash -c "! '$BIN' warnings status --db '$LOOP_DB' $WID closed 2> '$WORK/err' && grep -q 'allowed: acknowledged' '$WORK/err'"
check "dispatch sends the suggested nearest unit" bash -c "'$BIN' warnings dispatch --db '$LOOP_DB' $WID | grep -q 'sent, ETA'"
DID=$("$BIN" warnings show --db "$LOOP_DB" "$WID" | awk '/^    #/ {sub("#", "", $1); print $1; exit}')
check "a report before arrival is refused" fails "$BIN" warnings report --db "$LOOP_DB" "$DID" reported --result confirmed
check "arrival and a confirmed report settle the warning" bash -c "'$BIN' warnings report --db '$LOOP_DB' $DID arrived >/dev/null && '$BIN' warnings report --db '$LOOP_DB' $DID reported --result confirmed >/dev/null && '$BIN' warnings show --db '$LOOP_DB' $WID | head -1 | grep -q confirmed"
check "the verified result retrains the risk model into a new version" bash -c "'$BIN' risk score --db '$LOOP_DB' 2>/dev/null | grep -q '^model v2:' && '$BIN' risk models --db '$LOOP_DB' | head -1 | grep -q '^v2  active'"
echo '{"rules":[{"id":"x","finding":"weather","level":"red","departments":["tobacco"],"reason":"r"}]}' > "$WORK/bad-rules.json"
check "a user joins a unit; an unknown unit is refused" bash -c "echo 'a long enough password' | '$BIN' user add field.one --role investigator --department tobacco --jurisdiction '*' --password-stdin --db '$LOOP_DB' >/dev/null && '$BIN' user unit field.one \$('$BIN' warnings show --db '$LOOP_DB' $WID | awk '/^    #/ {print \$2; exit}') --db '$LOOP_DB' | grep -q 'serves in' && ! '$BIN' user unit field.one NO-SUCH-UNIT --db '$LOOP_DB' 2>/dev/null"
check "a backtest reports what the rules would warn about" bash -c "'$BIN' warnings backtest --db '$LOOP_DB' --days 30 | grep -q '^would warn about [0-9]* targets'"
check "a bad rule file is refused with the rule and field" bash -c "! '$BIN' warnings generate --db '$LOOP_DB' --rules '$WORK/bad-rules.json' 2> '$WORK/err' && grep -q 'rule 1 (x): finding' '$WORK/err'"
check "analyze proposed list entries; lists show prints them with reasons" bash -c "'$BIN' lists show --db '$LOOP_DB' --status proposed | grep -q '^#[0-9]* .* proposed' && '$BIN' lists show --db '$LOOP_DB' --status proposed | grep -q '·'"
LID=$("$BIN" lists show --db "$LOOP_DB" --status proposed --limit 1 2>/dev/null | awk '/^#/ {sub("#", "", $1); print $1; exit}')
check "a list rejection without a note is refused" fails "$BIN" lists review "$LID" --reject --reviewer zhang.san --db "$LOOP_DB"
check "a list entry is approved with an expiry" bash -c "'$BIN' lists review $LID --approve --reviewer zhang.san --days 90 --db '$LOOP_DB' | grep -q ': active'"
check "a shadow candidate is compared and backtested, then promoted" bash -c "'$BIN' risk shadow --flag-level 2.5 --db '$LOOP_DB' 2>/dev/null > '$WORK/shadow.txt' && grep -q '^candidate #1' '$WORK/shadow.txt' && grep -q '^standard warning rules, candidate:' '$WORK/shadow.txt' && '$BIN' risk promote 1 --reviewer zhang.san --db '$LOOP_DB' 2>/dev/null | grep -q 'is now retailer_risk v3' && '$BIN' risk score --db '$LOOP_DB' 2>/dev/null | grep -q '^model v3:'"
check "a promoted candidate is not promoted twice" fails "$BIN" risk promote 1 --reviewer zhang.san --db "$LOOP_DB"
GPHONES=$("$BIN" gangs show --unmasked --db "$LOOP_DB" "$("$BIN" gangs list --db "$LOOP_DB" 2>/dev/null | awk '/^GANG-/ {print $1; exit}')" 2>/dev/null | grep -o 'phone:1[0-9]\{10\}' | sort -u | head -2)
GPHONE=$(echo "$GPHONES" | head -1)
check "a merge decision is recorded, applied by the next analysis and revoked" bash -c "'$BIN' entities merge $(echo $GPHONES) --by zhang.san --reason '线索' --db '$LOOP_DB' | grep -q '^#1  merge' && '$BIN' analyze links --db '$LOOP_DB' 2>/dev/null | grep -q 'decisions applied: 1$' && '$BIN' entities revoke 1 --by li.si --reason '复核' --db '$LOOP_DB' | grep -q 'revoked by li.si' && '$BIN' entities decisions --db '$LOOP_DB' | grep -q 'no decisions in force'"
check "the next link analysis resumes the graph snapshot the last one wrote" bash -c "test -s '$LOOP_DB.graph' && '$BIN' analyze links --db '$LOOP_DB' 2>/dev/null | grep -q 'resumed from the snapshot, +0 waybills'"
check "--graph-snapshot none reads the store" bash -c "'$BIN' analyze links --graph-snapshot none --db '$LOOP_DB' 2>/dev/null | grep -q 'transfers; read from the store)'"
check "a decision naming a record, not a party, is refused with the kinds" bash -c "! '$BIN' entities split waybill_no:SF1 '$GPHONE' --by a --reason b --db '$LOOP_DB' 2> '$WORK/err' && grep -q 'not a party' '$WORK/err'"
check "an import batch size out of range is refused" bash -c "! '$BIN' import '$WORK/world' --batch-size 10 --db '$DB' 2> '$WORK/err' && grep -q 'batch-size must be' '$WORK/err'"
check "an unknown import profile is refused with the built-in names" bash -c "! '$BIN' import '$WORK' --profile nonsense --db '$DB' 2> '$WORK/err' && grep -q 'built in: zh' '$WORK/err'"

# --- an import killed with kill -9 mid-file leaves the store exactly as it was ---------------------------
KILL_DB="$WORK/kill.db"
"$BIN" import "$WORK/world" --db "$KILL_DB" >/dev/null 2>&1
dump() { for t in retailers orders pos_sales waybills persons payments plate_reads; do sqlite3 "$KILL_DB" "SELECT * FROM $t ORDER BY 1"; done | md5sum; }
BEFORE=$(dump)
"$BIN" synth --out "$WORK/big" --seed 4 --scale 0.1 >/dev/null 2>&1
"$BIN" import "$WORK/big" --db "$KILL_DB" >"$WORK/kill.log" 2>&1 &
KPID=$!
# Kill once the second batch has committed rows of its own (in any of the big files).
for _ in $(seq 1 400); do
  written=$(sqlite3 "$KILL_DB" "SELECT (SELECT COUNT(*) FROM orders WHERE batch_id = 2) + (SELECT COUNT(*) FROM waybills WHERE batch_id = 2)" 2>/dev/null || echo 0)
  [ "${written:-0}" -gt 0 ] && break
  sleep 0.05
done
kill -9 $KPID 2>/dev/null; wait $KPID 2>/dev/null || true
check "the killed import had written rows and had not finished" bash -c "[ ${written:-0} -gt 0 ] && ! grep -q '^import batch' '$WORK/kill.log'"
check "the next start rolls the killed batch back: the store is exactly as before" bash -c "'$BIN' user list --db '$KILL_DB' >/dev/null 2>&1 && [ \"\$(sqlite3 '$KILL_DB' \"SELECT status FROM import_batches WHERE id = 2\")\" = rolled_back ] && [ \"\$(for t in retailers orders pos_sales waybills persons payments plate_reads; do sqlite3 '$KILL_DB' \"SELECT * FROM \$t ORDER BY 1\"; done | md5sum)\" = '$BEFORE' ]"
check "the same delivery imported again now loads in full" bash -c "'$BIN' import '$WORK/big' --db '$KILL_DB' 2>/dev/null | grep -q '^import batch 3'"

# --- the same facts in other spellings and another row order give the same store and the same findings ----
# (a metamorphic test: rows and columns reordered, unknown columns, BOM, CRLF, quoting, padding, phones,
# plates, ID numbers, times and money in other allowed forms; see scripts/respell-world.py)
"$BIN" synth --out "$WORK/plain" --seed 5 --scale 0.02 >/dev/null 2>&1
python3 "$(dirname "$0")/respell-world.py" "$WORK/plain" "$WORK/respelled" --seed 3 --shuffle-rows >/dev/null
for w in plain respelled; do
  "$BIN" import "$WORK/$w" --db "$WORK/$w.db" >/dev/null 2>&1
  "$BIN" analyze --db "$WORK/$w.db" >/dev/null 2>&1
  "$BIN" export findings --db "$WORK/$w.db" --out "$WORK/$w.json" >/dev/null 2>&1
done
# Batches of 1,000 rows store each file block by block in its shuffled order, not in key order: the same
# facts in another storage order, which numbers the graph's nodes otherwise.
"$BIN" import "$WORK/respelled" --db "$WORK/reordered.db" --batch-size 1000 >/dev/null 2>&1
"$BIN" analyze --db "$WORK/reordered.db" >/dev/null 2>&1
"$BIN" export findings --db "$WORK/reordered.db" --out "$WORK/reordered.json" >/dev/null 2>&1
tables() {
  for t in retailers orders pos_sales business_registrations waybills persons cases case_links payments cameras plate_reads video_events units tips; do
    cols=$(sqlite3 "$1" "SELECT group_concat(name, ',') FROM pragma_table_info('$t') WHERE name NOT IN ('extra', 'source_line')")
    sqlite3 "$1" "SELECT '$t', $cols FROM $t" | LC_ALL=C sort
  done | md5sum
}
PLAIN_SUM=$(tables "$WORK/plain.db"); RESPELLED_SUM=$(tables "$WORK/respelled.db")
check "a respelled world stores the same values" bash -c "[ \"\$(sqlite3 '$WORK/respelled.db' 'SELECT COUNT(*) FROM waybills')\" -gt 0 ] && [ '$PLAIN_SUM' = '$RESPELLED_SUM' ]"
same_findings() {
  python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(path, encoding="utf-8")) for path in sys.argv[1:])
for findings in (a, b):
    findings.pop("generated_at", None)
assert a["gangs"] and a["convoys"] and a["anomalous_retailers"], "the plain world found nothing to compare"
for key in sorted(set(a) | set(b)):
    assert a.get(key) == b.get(key), f"{key} differ"
PY
}
check "a respelled world gives the same findings" same_findings "$WORK/plain.json" "$WORK/respelled.json"
storage_order() { sqlite3 "$1" "SELECT waybill_no FROM waybills ORDER BY rowid" | md5sum; }
check "small batches store the same values in another order" bash -c "[ '$(tables "$WORK/reordered.db")' = '$RESPELLED_SUM' ] && [ '$(storage_order "$WORK/reordered.db")' != '$(storage_order "$WORK/respelled.db")' ]"
check "the same world in another storage order gives the same findings" same_findings "$WORK/plain.json" "$WORK/reordered.json"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
