// The floor for loading waybills into SQLite (issue 5): a C program that reads waybills.csv into
// memory (untimed), then inserts every row through one prepared statement binding the parsed bytes
// (SQLITE_STATIC), in 200,000-row transactions, WAL, synchronous=NORMAL, a 256 MiB page cache — the
// settings `yanjian import` uses — and builds the three secondary indexes after the load, as
// `yanjian import` does for a large file. It does no normalisation: phones, addresses and times are
// bound as they stand (times as the row number), both adcodes as one constant.
//
//   cc -O2 -o waybills_floor waybills_floor.c -lsqlite3
//   ./waybills_floor waybills.csv DB SHAPE
//
// SHAPE: `keyed` — Yanjian's table (text primary key, lineage columns) and its upsert statement
//                  (ON CONFLICT (waybill_no) DO UPDATE … WHERE the data differ);
//        `sorted` — keyed, each 200,000-row transaction's rows first sorted by waybill number (the sort
//                   is timed apart), as `yanjian import` does with each batch;
//        `plain` — the same columns, no key, plain INSERT, no secondary index: a plain C-API load.
// Fields are split on commas (the generator's waybills have no quoted fields).
#include "../floor.h"

// Orders two CSV lines by their first field (the waybill number), bytewise.
static int byKey(const void *a, const void *b) {
    const unsigned char *x = *(const unsigned char *const *)a, *y = *(const unsigned char *const *)b;
    while (*x && *x != ',' && *x == *y) { x++; y++; }
    int cx = *x == ',' ? 0 : *x, cy = *y == ',' ? 0 : *y;
    return cx - cy;
}

// The CSV's 16 columns, then the columns the importer adds.
static const char *columns[] = {
    "waybill_no", "courier", "sender_name", "sender_phone", "sender_address", "receiver_name", "receiver_phone",
    "receiver_address", "item_desc", "pieces", "weight_kg", "accepted_at", "origin_outlet", "delivered_at",
    "xray_suspect", "seized", "adcode", "receiver_adcode", "batch_id", "source_file", "source_line", "extra",
};
enum { FIELDS = 16, COLUMNS = 22 };

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s waybills.csv DB keyed|sorted|plain\n", argv[0]);
        return 2;
    }
    int keyed = strcmp(argv[3], "plain") != 0;
    size_t count;
    char **lines = read_lines(argv[1], &count);
    double sorting = 0;
    if (strcmp(argv[3], "sorted") == 0) {
        double started = now();
        for (size_t i = 0; i < count; i += 200000)
            qsort(lines + i, count - i < 200000 ? count - i : 200000, sizeof(char *), byKey);
        sorting = now() - started;
    }

    sqlite3 *db;
    if (sqlite3_open(argv[2], &db) != SQLITE_OK) return 1;
    run(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144; PRAGMA temp_store = FILE");
    char sql[8192];
    snprintf(sql, sizeof sql,
             "CREATE TABLE waybills (waybill_no TEXT%s, courier TEXT NOT NULL, sender_name TEXT, sender_phone TEXT, "
             "sender_address TEXT, receiver_name TEXT, receiver_phone TEXT, receiver_address TEXT, item_desc TEXT, "
             "pieces INTEGER NOT NULL, weight_kg REAL NOT NULL, accepted_at INTEGER NOT NULL, origin_outlet TEXT, "
             "delivered_at INTEGER, xray_suspect INTEGER NOT NULL DEFAULT 0, seized INTEGER NOT NULL DEFAULT 0, "
             "adcode TEXT, receiver_adcode TEXT, batch_id INTEGER, source_file TEXT, source_line INTEGER, extra TEXT)",
             keyed ? " PRIMARY KEY" : "");
    run(db, sql);
    // INSERT INTO waybills (…) VALUES (?, …) [ON CONFLICT (waybill_no) DO UPDATE SET c = excluded.c, …
    //   WHERE (waybills.c, …) IS NOT (excluded.c, …)] — the data columns compared, lineage not.
    int at = snprintf(sql, sizeof sql, "INSERT INTO waybills (");
    for (int c = 0; c < COLUMNS; c++) at += snprintf(sql + at, sizeof sql - at, "%s%s", c ? ", " : "", columns[c]);
    at += snprintf(sql + at, sizeof sql - at, ") VALUES (");
    for (int c = 0; c < COLUMNS; c++) at += snprintf(sql + at, sizeof sql - at, "%s?", c ? ", " : "");
    at += snprintf(sql + at, sizeof sql - at, ")");
    if (keyed) {
        at += snprintf(sql + at, sizeof sql - at, " ON CONFLICT (waybill_no) DO UPDATE SET ");
        for (int c = 1; c < COLUMNS; c++)
            at += snprintf(sql + at, sizeof sql - at, "%s%s = excluded.%s", c > 1 ? ", " : "", columns[c], columns[c]);
        at += snprintf(sql + at, sizeof sql - at, " WHERE (");
        for (int c = 1; c < COLUMNS - 4; c++) at += snprintf(sql + at, sizeof sql - at, "%swaybills.%s", c > 1 ? ", " : "", columns[c]);
        at += snprintf(sql + at, sizeof sql - at, ", waybills.extra) IS NOT (");
        for (int c = 1; c < COLUMNS - 4; c++) at += snprintf(sql + at, sizeof sql - at, "%sexcluded.%s", c > 1 ? ", " : "", columns[c]);
        at += snprintf(sql + at, sizeof sql - at, ", excluded.extra)");
    }
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db));
        return 1;
    }
    double start = now();
    run(db, "BEGIN");
    for (size_t i = 0; i < count; i++) {
        char *fields[FIELDS] = {0};
        int k = 0;
        fields[k++] = lines[i];
        for (char *p = lines[i]; *p; p++) {
            if (*p == ',') { *p = 0; if (k < FIELDS) fields[k++] = p + 1; }
            else if (*p == '\n' || *p == '\r') *p = 0;
        }
        if (k < FIELDS) continue;
        sqlite3_reset(statement);
        for (int c = 0; c < FIELDS; c++) {
            if (c == 11 || c == 13) sqlite3_bind_int64(statement, c + 1, (sqlite3_int64)i);  // times
            else if (c == 9 || c == 14 || c == 15) sqlite3_bind_int64(statement, c + 1, atoll(fields[c]));
            else if (c == 10) sqlite3_bind_double(statement, c + 1, atof(fields[c]));
            else if (*fields[c]) sqlite3_bind_text(statement, c + 1, fields[c], -1, SQLITE_STATIC);
            else sqlite3_bind_null(statement, c + 1);
        }
        sqlite3_bind_text(statement, 17, "610113", 6, SQLITE_STATIC);
        sqlite3_bind_text(statement, 18, "610113", 6, SQLITE_STATIC);
        sqlite3_bind_int64(statement, 19, 1);
        sqlite3_bind_text(statement, 20, "waybills.csv", 12, SQLITE_STATIC);
        sqlite3_bind_int64(statement, 21, (sqlite3_int64)i + 2);
        sqlite3_bind_null(statement, 22);
        step(db, statement, i);
        if ((i + 1) % 200000 == 0) run(db, "COMMIT; BEGIN");
    }
    run(db, "COMMIT");
    sqlite3_finalize(statement);
    double loaded = now();
    if (keyed) {
        run(db, "PRAGMA cache_size = -16384; PRAGMA threads = 2");
        run(db, "CREATE INDEX waybills_adcode ON waybills(adcode)");
        run(db, "CREATE INDEX waybills_sender_phone ON waybills(sender_phone)");
        run(db, "CREATE INDEX waybills_receiver_phone ON waybills(receiver_phone)");
    }
    double indexed = now();
    printf("%s: %zu rows, load %.2f s (%.0f rows/s), indexes %.2f s, whole %.2f s (%.0f rows/s)", argv[3], count,
           loaded - start, count / (loaded - start), indexed - loaded, indexed - start, count / (indexed - start));
    if (sorting > 0) printf("; the batches' sort, apart: %.2f s", sorting);
    printf("\n");
    sqlite3_close(db);
    return 0;
}
