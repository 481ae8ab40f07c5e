/* What both C references share: a monotonic clock and the reader of edges.bin as `YanjianBench graph`
 * writes it (node count and edge count as int64, then the int32 sources, then the int32 targets). */
#ifndef YANJIAN_BENCH_EDGES_H
#define YANJIAN_BENCH_EDGES_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Reads `path` into *n, *m, *src, *dst; prints the problem and returns 0 when it cannot. */
static int read_edges(const char *path, int64_t *n, int64_t *m, int32_t **src, int32_t **dst) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return 0; }
    int64_t header[2];
    if (fread(header, sizeof header, 1, f) != 1 || header[0] < 0 || header[1] < 0) {
        fprintf(stderr, "%s: short or bad header\n", path);
        fclose(f);
        return 0;
    }
    *n = header[0];
    *m = header[1];
    *src = malloc(*m * sizeof **src);
    *dst = malloc(*m * sizeof **dst);
    if (!*src || !*dst || fread(*src, sizeof **src, *m, f) != (size_t)*m || fread(*dst, sizeof **dst, *m, f) != (size_t)*m) {
        fprintf(stderr, "%s: short edge arrays\n", path);
        fclose(f);
        return 0;
    }
    fclose(f);
    return 1;
}
#endif
