/* Plain C union-find over edges.bin (the entity graph's own edge arrays, written by
 * `YanjianBench graph`): path halving + union by size, the reference for issue 6's
 * "connected components <= 1.5x a plain C union-find over the same edge arrays".
 * Timed like the Swift side: allocate and initialise, one union per edge, count the roots.
 *
 *   cc -O2 -o union_find union_find.c && ./union_find /tmp/graphbench/edges.bin
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int32_t find(int32_t *parent, int32_t x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s edges.bin\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    int64_t header[2];
    if (fread(header, sizeof header, 1, f) != 1) { fprintf(stderr, "short header\n"); return 1; }
    int64_t n = header[0], m = header[1];
    int32_t *src = malloc(m * sizeof *src), *dst = malloc(m * sizeof *dst);
    if (fread(src, sizeof *src, m, f) != (size_t)m || fread(dst, sizeof *dst, m, f) != (size_t)m) {
        fprintf(stderr, "short edge arrays\n");
        return 1;
    }
    fclose(f);

    double start = now();
    int32_t *parent = malloc(n * sizeof *parent), *size = malloc(n * sizeof *size);
    for (int64_t v = 0; v < n; v++) { parent[v] = (int32_t)v; size[v] = 1; }
    for (int64_t e = 0; e < m; e++) {
        int32_t a = find(parent, src[e]), b = find(parent, dst[e]);
        if (a == b) continue;
        if (size[a] < size[b]) { int32_t t = a; a = b; b = t; }
        parent[b] = a;
        size[a] += size[b];
    }
    int64_t components = 0;
    for (int64_t v = 0; v < n; v++) components += find(parent, (int32_t)v) == v;
    double seconds = now() - start;

    printf("C      %-64s %8.3f s   %lld components (%lld nodes, %lld edges)\n",
           "components (union-find over edges.bin)", seconds, (long long)components, (long long)n, (long long)m);
    free(parent); free(size); free(src); free(dst);
    return 0;
}
