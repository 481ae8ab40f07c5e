#ifndef CSQLITE_TUNING_H
#define CSQLITE_TUNING_H

/// Puts the process's SQLite library in multi-thread mode (a connection is never used by two threads
/// at once: GRDB serialises each connection, so the per-call connection mutex is not needed) and turns
/// off its memory statistics (a global mutex around every allocation). `sqlite3_config` is a C
/// variadic function, which Swift cannot call, hence this shim. Only effective before SQLite is first
/// initialised in the process; returns 1 when both settings took, 0 when SQLite was already running.
int yanjian_sqlite_tune(void);

#endif
