// The floor for loading plate reads into SQLite: a C program that reads plate_reads.csv into memory
// (untimed), then inserts every row through one prepared statement binding the parsed bytes
// (SQLITE_STATIC), in 200,000-row transactions, WAL, synchronous=NORMAL — the settings `yanjian import`
// uses — and builds the two secondary indexes after the load, as `yanjian import` does for a large file.
//
//   cc -O2 -o plate_reads_floor plate_reads_floor.c -lsqlite3
//   ./plate_reads_floor plate_reads.csv DB SHAPE
//
// SHAPE: `keyed`  — Yanjian's table (text primary key read_id, lineage columns) and its upsert
//                   statement (ON CONFLICT (read_id) DO UPDATE … WHERE the data differ);
//        `rowid`  — the same columns, no key, plain INSERT (the shape of the perf-anchors C floor);
//        `worid`  — keyed, WITHOUT ROWID, the upsert.
// Fields are split on commas (the generator's plate reads have no quoted fields); ts is bound as the
// row number so that the floor does no time parsing.
#include "../floor.h"

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s plate_reads.csv DB keyed|rowid|worid\n", argv[0]);
        return 2;
    }
    const char *shape = argv[3];
    int keyed = strcmp(shape, "rowid") != 0, worid = strcmp(shape, "worid") == 0;
    size_t count;
    char **lines = read_lines(argv[1], &count);

    sqlite3 *db;
    if (sqlite3_open(argv[2], &db) != SQLITE_OK) return 1;
    run(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144; PRAGMA temp_store = FILE");
    char sql[4096];
    snprintf(sql, sizeof sql,
             "CREATE TABLE plate_reads (read_id TEXT%s, plate TEXT NOT NULL, plate_color TEXT, camera_id TEXT NOT NULL, "
             "ts INTEGER NOT NULL, vehicle_type TEXT, confidence REAL, adcode TEXT, batch_id INTEGER, source_file TEXT, "
             "source_line INTEGER, extra TEXT)%s",
             keyed ? " PRIMARY KEY" : "", worid ? " WITHOUT ROWID" : "");
    run(db, sql);
    const char *insert = "INSERT INTO plate_reads (read_id, plate, plate_color, camera_id, ts, vehicle_type, confidence, adcode, "
                         "batch_id, source_file, source_line, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
    const char *upsert =
        " ON CONFLICT (read_id) DO UPDATE SET plate = excluded.plate, plate_color = excluded.plate_color, camera_id = excluded.camera_id, "
        "ts = excluded.ts, vehicle_type = excluded.vehicle_type, confidence = excluded.confidence, adcode = excluded.adcode, "
        "batch_id = excluded.batch_id, source_file = excluded.source_file, source_line = excluded.source_line, extra = excluded.extra "
        "WHERE (plate_reads.plate, plate_reads.plate_color, plate_reads.camera_id, plate_reads.ts, plate_reads.vehicle_type, "
        "plate_reads.confidence, plate_reads.adcode, plate_reads.extra) IS NOT (excluded.plate, excluded.plate_color, "
        "excluded.camera_id, excluded.ts, excluded.vehicle_type, excluded.confidence, excluded.adcode, excluded.extra)";
    snprintf(sql, sizeof sql, "%s%s", insert, keyed ? upsert : "");
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db));
        return 1;
    }
    double start = now();
    run(db, "BEGIN");
    for (size_t i = 0; i < count; i++) {
        char *fields[7] = {0};
        int k = 0;
        fields[k++] = lines[i];
        for (char *p = lines[i]; *p; p++) {
            if (*p == ',') { *p = 0; if (k < 7) fields[k++] = p + 1; }
            else if (*p == '\n' || *p == '\r') *p = 0;
        }
        if (k < 7) continue;
        sqlite3_reset(statement);
        sqlite3_bind_text(statement, 1, fields[0], -1, SQLITE_STATIC);
        sqlite3_bind_text(statement, 2, fields[1], -1, SQLITE_STATIC);
        sqlite3_bind_text(statement, 3, fields[2], -1, SQLITE_STATIC);
        sqlite3_bind_text(statement, 4, fields[3], -1, SQLITE_STATIC);
        sqlite3_bind_int64(statement, 5, (sqlite3_int64)i);
        sqlite3_bind_text(statement, 6, fields[5], -1, SQLITE_STATIC);
        sqlite3_bind_double(statement, 7, atof(fields[6]));
        sqlite3_bind_text(statement, 8, "610113", 6, SQLITE_STATIC);
        sqlite3_bind_int64(statement, 9, 1);
        sqlite3_bind_text(statement, 10, "plate_reads.csv", 15, SQLITE_STATIC);
        sqlite3_bind_int64(statement, 11, (sqlite3_int64)i + 2);
        sqlite3_bind_null(statement, 12);
        step(db, statement, i);
        if ((i + 1) % 200000 == 0) run(db, "COMMIT; BEGIN");
    }
    run(db, "COMMIT");
    sqlite3_finalize(statement);
    double loaded = now();
    run(db, "PRAGMA cache_size = -16384; PRAGMA threads = 2");
    run(db, "CREATE INDEX plate_reads_plate ON plate_reads(plate, ts)");
    run(db, "CREATE INDEX plate_reads_camera ON plate_reads(camera_id, ts)");
    double indexed = now();
    printf("%s: %zu rows, load %.2f s (%.0f rows/s), indexes %.2f s, whole %.2f s (%.0f rows/s)\n", shape, count,
           loaded - start, count / (loaded - start), indexed - loaded, indexed - start, count / (indexed - start));
    sqlite3_close(db);
    return 0;
}
