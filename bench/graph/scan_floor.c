// The graph load's reading floor: the waybill columns the load reads (WaybillReader.columns), stepped
// through with the SQLite C API in storage order, each text's bytes touched, nothing else done. What
// the Swift load's reading thread costs beyond this is its own work (keys, numbering, batches).
//
//   cc -O2 -o /tmp/scan_floor bench/graph/scan_floor.c -lsqlite3 && /tmp/scan_floor /tmp/w431b.db
#include "../floor.h"

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: scan_floor DB\n"); return 2; }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], sqlite3_errmsg(db));
        return 1;
    }
    const char *sql = "SELECT waybill_no, sender_name, sender_phone, sender_address, receiver_name, receiver_phone, "
                      "receiver_address, item_desc, pieces, weight_kg, accepted_at, origin_outlet, xray_suspect, seized, "
                      "adcode, receiver_adcode FROM waybills";
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db));
        return 1;
    }
    static const int texts[] = {0, 1, 2, 3, 4, 5, 6, 7, 11, 14, 15};
    double start = now();
    long rows = 0;
    unsigned long checksum = 0;
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        for (unsigned k = 0; k < sizeof texts / sizeof texts[0]; k++) {
            const unsigned char *text = sqlite3_column_text(statement, texts[k]);
            int length = sqlite3_column_bytes(statement, texts[k]);
            if (text && length > 0) checksum += text[0] + text[length - 1] + (unsigned long)length;
        }
        checksum += (unsigned long)sqlite3_column_int64(statement, 8) + (unsigned long)sqlite3_column_int64(statement, 10);
        checksum += (unsigned long)(sqlite3_column_double(statement, 9) * 1000);
        checksum += (unsigned long)sqlite3_column_int64(statement, 12) + (unsigned long)sqlite3_column_int64(statement, 13);
        rows++;
    }
    if (rc != SQLITE_DONE) { fprintf(stderr, "step: %s\n", sqlite3_errmsg(db)); return 1; }
    double seconds = now() - start;
    printf("scan floor: %ld waybills, 16 columns, %.3f s (%.0f ns a row), checksum %lu\n", rows, seconds,
           seconds * 1e9 / (rows ? rows : 1), checksum);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return 0;
}
