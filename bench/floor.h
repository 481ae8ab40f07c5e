// Shared by the C floors under bench/ (each still one `cc` line: they include this by relative path):
// a monotonic clock, a statement that must succeed, a CSV file read into memory, a step that must finish.
#ifndef YANJIAN_BENCH_FLOOR_H
#define YANJIAN_BENCH_FLOOR_H
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static inline void run(sqlite3 *db, const char *sql) {
    char *error = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, error);
        exit(1);
    }
}

// The lines of `path` after its header, each its own string (trailing newline kept); exits on error.
static inline char **read_lines(const char *path, size_t *count) {
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); exit(1); }
    size_t capacity = 1 << 20;
    char **lines = malloc(capacity * sizeof(char *));
    char line[8192];
    *count = 0;
    if (!fgets(line, sizeof line, file)) { fprintf(stderr, "%s: empty\n", path); exit(1); }
    while (fgets(line, sizeof line, file)) {
        if (*count == capacity) lines = realloc(lines, (capacity *= 2) * sizeof(char *));
        lines[(*count)++] = strdup(line);
    }
    fclose(file);
    return lines;
}

// Steps `statement` once, exits with SQLite's message unless it is done.
static inline void step(sqlite3 *db, sqlite3_stmt *statement, size_t row) {
    if (sqlite3_step(statement) != SQLITE_DONE) {
        fprintf(stderr, "row %zu: %s\n", row, sqlite3_errmsg(db));
        exit(1);
    }
}
#endif
