/* 2-hop query latency on a plain C CSR built from edges.bin (both directions of every edge),
 * the reference for issue 6's "2-hop query p99 <= 2x a C CSR on the same graph".
 * A query counts the distinct nodes within two hops of its start (the start included, as
 * EntityGraph.neighborhoodCount does), marking visits with a generation stamp per node.
 * Start nodes come from queries.bin (written by `YanjianBench graph`, so both sides ask the same
 * questions); without it, 10,000 uniform random nodes.
 *
 *   cc -O2 -o csr_2hop csr_2hop.c && ./csr_2hop /tmp/graphbench/edges.bin /tmp/graphbench/queries.bin
 */
#include "edges.h"

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s edges.bin [queries.bin]\n", argv[0]); return 2; }
    int64_t n, m;
    int32_t *src, *dst;
    if (!read_edges(argv[1], &n, &m, &src, &dst)) return 1;

    double start = now();
    int64_t *offsets = calloc(n + 1, sizeof *offsets);
    for (int64_t e = 0; e < m; e++) { offsets[src[e] + 1]++; offsets[dst[e] + 1]++; }
    for (int64_t v = 0; v < n; v++) offsets[v + 1] += offsets[v];
    int64_t *cursor = malloc(n * sizeof *cursor);
    for (int64_t v = 0; v < n; v++) cursor[v] = offsets[v];
    int32_t *adj = malloc(2 * m * sizeof *adj);
    for (int64_t e = 0; e < m; e++) { adj[cursor[src[e]]++] = dst[e]; adj[cursor[dst[e]]++] = src[e]; }
    free(cursor); free(src); free(dst);
    double build = now() - start;

    int64_t q = 10000;
    int32_t *starts = NULL;
    FILE *f;
    if (argc > 2 && (f = fopen(argv[2], "rb"))) {
        if (fread(&q, sizeof q, 1, f) != 1) { fprintf(stderr, "short queries header\n"); return 1; }
        starts = malloc(q * sizeof *starts);
        if (fread(starts, sizeof *starts, q, f) != (size_t)q) { fprintf(stderr, "short queries\n"); return 1; }
        fclose(f);
    } else {
        starts = malloc(q * sizeof *starts);
        srand(6);
        for (int64_t i = 0; i < q; i++) starts[i] = (int32_t)(((int64_t)rand() * RAND_MAX + rand()) % n);
    }

    uint32_t *stamp = calloc(n, sizeof *stamp);
    int32_t *frontier = malloc(n * sizeof *frontier); /* the distinct first-hop nodes, expanded once each */
    double *micros = malloc(q * sizeof *micros);
    int64_t reached = 0;
    uint32_t generation = 0;
    double all = now();
    for (int64_t i = 0; i < q; i++) {
        double t0 = now();
        int32_t s = starts[i];
        generation++;
        stamp[s] = generation;
        int64_t count = 1;
        int64_t width = 0;
        for (int64_t a = offsets[s]; a < offsets[s + 1]; a++) {
            int32_t u = adj[a];
            if (stamp[u] != generation) { stamp[u] = generation; frontier[width++] = u; }
        }
        count += width;
        for (int64_t k = 0; k < width; k++) {
            int32_t u = frontier[k];
            for (int64_t b = offsets[u]; b < offsets[u + 1]; b++) {
                int32_t w = adj[b];
                if (stamp[w] != generation) { stamp[w] = generation; count++; }
            }
        }
        reached += count;
        micros[i] = (now() - t0) * 1e6;
    }
    double total = now() - all;
    qsort(micros, q, sizeof *micros, cmp);
    printf("C      %-64s %8.3f s   %lld nodes, %lld slots\n", "CSR build (both directions)", build, (long long)n, (long long)(2 * m));
    printf("C      %-64s p50 %8.1f µs  p99 %8.1f µs  max %9.1f µs  (%lld queries in %.2f s, %lld nodes reached incl. starts)\n",
           "2-hop on a C CSR, every node expanded", micros[q / 2], micros[(int64_t)(0.99 * q)], micros[q - 1],
           (long long)q, total, (long long)reached);
    return 0;
}
