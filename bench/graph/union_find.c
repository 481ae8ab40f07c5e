/* Plain C union-find over edges.bin (the entity graph's own edge arrays, written by
 * `YanjianBench graph`): path halving + union by size, the reference for issue 6's
 * "connected components <= 1.5x a plain C union-find over the same edge arrays".
 * Timed like the Swift side: allocate and initialise, one union per edge, count the roots.
 *
 *   cc -O2 -o union_find union_find.c && ./union_find /tmp/graphbench/edges.bin
 */
#include "edges.h"

static int32_t find(int32_t *parent, int32_t x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s edges.bin\n", argv[0]); return 2; }
    int64_t n, m;
    int32_t *src, *dst;
    if (!read_edges(argv[1], &n, &m, &src, &dst)) return 1;

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
