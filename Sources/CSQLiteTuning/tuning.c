#include "CSQLiteTuning.h"
#include <sqlite3.h>

int yanjian_sqlite_tune(void) {
    int multithread = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    int memstatus = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return multithread == SQLITE_OK && memstatus == SQLITE_OK;
}
