// The floor for `YanjianBench bulk` on SQLite (issue 3): the same 1M waybill rows (the same values,
// from the same SplitMix64 sequence, built in memory untimed), into Yanjian's `waybills` table (text
// primary key, lineage columns, the history trigger), through one prepared statement per transaction
// of 50,000 rows binding each cell in place (SQLITE_STATIC), WAL, synchronous=NORMAL, a 256 MiB page
// cache — the settings `Store.bulkInsert` uses — then the three secondary indexes built after the load
// with a 16 MiB cache and two sorter threads, as `Store.withDeferredIndexes` does.
//
//   cc -O2 -o waybills_floor waybills_floor.c -lsqlite3
//   ./waybills_floor DB [ROWS] [in-place]
//
// `in-place` creates the indexes before the load instead.
#include <stdint.h>

#include "../floor.h"

static uint64_t state = 42;
static uint64_t next(void) {
    state += 0x9E3779B97F4A7C15ull;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

struct row { char no[24], sender[16], receiver[16], address[80]; double weight; int64_t at; };

static const char *indexes[] = {
    "CREATE INDEX waybills_adcode ON waybills(adcode)",
    "CREATE INDEX waybills_sender_phone ON waybills(sender_phone)",
    "CREATE INDEX waybills_receiver_phone ON waybills(receiver_phone)",
};

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DB [ROWS] [in-place]\n", argv[0]);
        return 2;
    }
    long rows = argc > 2 ? atol(argv[2]) : 1000000;
    int inPlace = argc > 3 && strcmp(argv[3], "in-place") == 0;
    struct row *data = malloc(rows * sizeof *data);
    for (long i = 0; i < rows; i++) {
        long long phone = 13000000000LL + (long long)(next() % 999999999ull);
        snprintf(data[i].no, sizeof data[i].no, "YT%lld", 1000000000000LL + i);
        snprintf(data[i].sender, sizeof data[i].sender, "%lld", phone);
        snprintf(data[i].receiver, sizeof data[i].receiver, "%lld", phone + 7);
        snprintf(data[i].address, sizeof data[i].address, "陕西省西安市雁塔区科技路%ld号", i % 500);
        data[i].weight = 0.5 + (double)(next() % 100) / 100;
        data[i].at = 1767225600LL + i;
    }
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) { fprintf(stderr, "cannot open %s\n", argv[1]); return 1; }
    run(db, "PRAGMA journal_mode = WAL");
    run(db, "PRAGMA synchronous = NORMAL");
    run(db, "PRAGMA temp_store = FILE");
    run(db, "CREATE TABLE IF NOT EXISTS record_versions (table_name TEXT, record_id TEXT, batch_id INTEGER, source_file TEXT,"
            " source_line INTEGER, replaced_at INTEGER, data TEXT, replaced_by INTEGER)");
    run(db, "DROP TABLE IF EXISTS waybills");
    run(db, "CREATE TABLE waybills ("
            " waybill_no TEXT PRIMARY KEY, courier TEXT NOT NULL, sender_name TEXT, sender_phone TEXT,"
            " sender_address TEXT, receiver_name TEXT, receiver_phone TEXT, receiver_address TEXT, item_desc TEXT,"
            " pieces INTEGER NOT NULL, weight_kg REAL NOT NULL, accepted_at INTEGER NOT NULL, origin_outlet TEXT,"
            " delivered_at INTEGER, xray_suspect INTEGER NOT NULL DEFAULT 0, seized INTEGER NOT NULL DEFAULT 0,"
            " adcode TEXT, receiver_adcode TEXT, batch_id INTEGER, source_file TEXT, source_line INTEGER, extra TEXT)");
    run(db, "CREATE TRIGGER waybills_history BEFORE UPDATE ON waybills WHEN NEW.batch_id IS NOT OLD.batch_id BEGIN"
            " INSERT INTO record_versions (table_name, record_id, batch_id) VALUES ('waybills', OLD.waybill_no, OLD.batch_id); END");
    if (inPlace) for (int i = 0; i < 3; i++) run(db, indexes[i]);
    double start = now();
    run(db, "PRAGMA cache_size = -262144");
    sqlite3_stmt *insert;
    if (sqlite3_prepare_v2(db,
            "INSERT INTO waybills (waybill_no, courier, sender_name, sender_phone, receiver_phone, receiver_address,"
            " item_desc, pieces, weight_kg, accepted_at, adcode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            -1, &insert, NULL) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
    for (long i = 0; i < rows; i++) {
        if (i % 50000 == 0) run(db, "BEGIN");
        struct row *r = &data[i];
        sqlite3_bind_text(insert, 1, r->no, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, "圆通", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, "张先生", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 4, r->sender, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 5, r->receiver, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 6, r->address, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 7, "茶叶", -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert, 8, 1);
        sqlite3_bind_double(insert, 9, r->weight);
        sqlite3_bind_int64(insert, 10, r->at);
        sqlite3_bind_text(insert, 11, "610113", -1, SQLITE_STATIC);
        step(db, insert, (size_t)i);
        sqlite3_reset(insert);
        if (i % 50000 == 49999 || i == rows - 1) run(db, "COMMIT");
    }
    sqlite3_finalize(insert);
    double loaded = now();
    if (!inPlace) {
        run(db, "PRAGMA cache_size = -16384");
        run(db, "PRAGMA threads = 2");
        for (int i = 0; i < 3; i++) run(db, indexes[i]);
    }
    double end = now();
    printf("C floor, %s: %ld rows in %.2f s = %.0f rows/s (load %.2f s, indexes %.2f s)\n",
           inPlace ? "indexes updated in place" : "indexes built after the load", rows, end - start,
           rows / (end - start), loaded - start, end - loaded);
    sqlite3_close(db);
    return 0;
}
