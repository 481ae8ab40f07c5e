// convoy_reference: the C reference for the candidate-pair sweep of convoy detection, the same
// algorithm as Sources/YanjianPerception (Reads/ReadIndex.swift timeOrder + cameraMajor,
// Convoys/PairSweep.swift), so the Swift figure is compared with C doing the same work:
//   1. reads in time order: LSD radix sort of (relative time << 32 | index) on the time digits only,
//      11-bit digits, passes with a single digit value skipped;
//   2. stable counting scatter by camera into (time, plate) arrays;
//   3. per camera, each read paired with the following reads of other plates within W seconds,
//      at most F of them; keys (pair << bucket_bits | time / G) with pair = a << bits | b, a < b,
//      appended to a growing buffer;
//   4. LSD radix sort of the keys; per pair, distinct time buckets counted; pairs with at least K kept.
//
//   convoy_reference FILE.bin [W=120] [F=64] [K=4] [G=1800]
// prints events, distinct pairs, candidates and a checksum (Σ (a << 32 | b) · count, wrapping).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#define DIGIT 11
#define RADIX (1 << DIGIT)

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int bit_width(uint64_t max) { return max == 0 ? 1 : 64 - __builtin_clzll(max); }

static void insertion(uint64_t *keys, size_t n) {
    for (size_t i = 1; i < n; i++) {
        uint64_t k = keys[i];
        size_t p = i;
        while (p > 0 && keys[p - 1] > k) { keys[p] = keys[p - 1]; p--; }
        keys[p] = k;
    }
}

static void radix(uint64_t *keys, uint64_t *scratch, size_t n, int low, int bits) {
    if (n <= 48 && low == 0) { insertion(keys, n); return; }
    static size_t counts[RADIX];
    uint64_t *src = keys, *dst = scratch;
    for (int shift = low; shift < low + bits; shift += DIGIT) {
        memset(counts, 0, sizeof counts);
        for (size_t i = 0; i < n; i++) counts[(src[i] >> shift) & (RADIX - 1)]++;
        if (counts[(src[0] >> shift) & (RADIX - 1)] == n) continue;
        size_t total = 0;
        for (int b = 0; b < RADIX; b++) { size_t c = counts[b]; counts[b] = total; total += c; }
        for (size_t i = 0; i < n; i++) { uint64_t k = src[i]; dst[counts[(k >> shift) & (RADIX - 1)]++] = k; }
        uint64_t *t = src; src = dst; dst = t;
    }
    if (src != keys) memcpy(keys, src, n * 8);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: convoy_reference FILE.bin [W] [F] [K]\n"); return 2; }
    int32_t window = argc > 2 ? atoi(argv[2]) : 120;
    size_t fan = argc > 3 ? (size_t)atoi(argv[3]) : 64;
    size_t min_count = argc > 4 ? (size_t)atoi(argv[4]) : 4;
    int32_t gap = argc > 5 ? atoi(argv[5]) : 1800;
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    char magic[4];
    uint32_t header[3];
    int64_t base_hint;
    if (fread(magic, 1, 4, f) != 4 || memcmp(magic, "YJR1", 4) || fread(header, 4, 3, f) != 3 || fread(&base_hint, 8, 1, f) != 1) {
        fprintf(stderr, "bad file\n"); return 1;
    }
    size_t n = header[0];
    uint32_t plates = header[1], cameras = header[2];
    uint32_t *plate = malloc(n * 4), *camera = malloc(n * 4);
    int64_t *ts = malloc(n * 8);
    if (fread(plate, 4, n, f) != n || fread(camera, 4, n, f) != n || fread(ts, 8, n, f) != n) { fprintf(stderr, "short file\n"); return 1; }
    fclose(f);

    clock_t c0 = clock();
    double t0 = now();
    // 1. Time order.
    int64_t base = ts[0], span = 0;
    for (size_t i = 1; i < n; i++) if (ts[i] < base) base = ts[i];
    int sorted = 1;
    for (size_t i = 1; i < n; i++) if (ts[i] < ts[i - 1]) { sorted = 0; break; }
    uint32_t *order = malloc(n * 4);
    if (sorted) {
        for (size_t i = 0; i < n; i++) order[i] = (uint32_t)i;
    } else {
        uint64_t *keys = malloc(n * 8), *scratch = malloc(n * 8);
        for (size_t i = 0; i < n; i++) {
            int64_t rel = ts[i] - base;
            if (rel > span) span = rel;
            keys[i] = (uint64_t)rel << 32 | i;
        }
        radix(keys, scratch, n, 32, bit_width((uint64_t)span));
        for (size_t i = 0; i < n; i++) order[i] = (uint32_t)keys[i];
        free(keys); free(scratch);
    }
    // 2. Camera-major scatter.
    size_t *start = calloc(cameras + 1, sizeof(size_t)), *cursor = malloc((cameras + 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++) start[camera[i] + 1]++;
    for (uint32_t c = 0; c < cameras; c++) start[c + 1] += start[c];
    memcpy(cursor, start, (cameras + 1) * sizeof(size_t));
    int32_t *ctime = malloc(n * 4);
    uint32_t *cplate = malloc(n * 4);
    for (size_t k = 0; k < n; k++) {
        uint32_t i = order[k];
        size_t slot = cursor[camera[i]]++;
        ctime[slot] = (int32_t)(ts[i] - base);
        cplate[slot] = plate[i];
    }
    double t1 = now();
    // 3. Sweep.
    int bits = bit_width(plates > 0 ? plates - 1 : 0);
    int32_t max_time = 0;
    for (size_t i = 0; i < n; i++) if (ctime[i] > max_time) max_time = ctime[i];
    int bucket_bits = bit_width((uint64_t)(max_time / gap));
    if (2 * bits + bucket_bits > 64) bucket_bits = 0;
    size_t cap = n > 1024 ? n : 1024, used = 0, capped = 0;
    uint64_t *buf = malloc(cap * 8);
    for (uint32_t c = 0; c < cameras; c++) {
        size_t lo = start[c], hi = start[c + 1];
        size_t m = hi - lo;
        size_t bound = m * (fan < (m > 0 ? m - 1 : 0) ? fan : (m > 0 ? m - 1 : 0));
        if (cap - used < bound) {
            size_t grown = used + bound > cap + cap / 2 ? used + bound : cap + cap / 2;
            uint64_t *nb = malloc(grown * 8);
            memcpy(nb, buf, used * 8);
            free(buf);
            buf = nb;
            cap = grown;
        }
        size_t out = used;
        for (size_t i = lo; i < hi; i++) {
            int32_t t = ctime[i];
            uint32_t p = cplate[i];
            uint64_t bucket = bucket_bits ? (uint64_t)(t / gap) : 0;
            size_t limit = i + 1 + fan < hi ? i + 1 + fan : hi;
            size_t j = i + 1;
            while (j < limit && ctime[j] - t <= window) {
                uint32_t q = cplate[j];
                if (q != p) {
                    uint64_t pair = p < q ? (uint64_t)p << bits | q : (uint64_t)q << bits | p;
                    buf[out++] = pair << bucket_bits | bucket;
                }
                j++;
            }
            if (j == limit && j < hi && ctime[j] - t <= window) capped++;
        }
        used = out;
    }
    double t2 = now();
    // 4. Sort and count.
    uint64_t *scratch = malloc((used ? used : 1) * 8);
    radix(buf, scratch, used, 0, 2 * bits + bucket_bits);
    uint32_t *partners = calloc(plates, 4);
    uint64_t mask = (1ULL << bits) - 1, checksum = 0;
    size_t distinct = 0, candidates = 0;
    for (size_t r = 0; r < used;) {
        uint64_t pair = buf[r] >> bucket_bits;
        size_t e = r + 1, buckets = 1;
        while (e < used && buf[e] >> bucket_bits == pair) {
            if (buf[e] != buf[e - 1]) buckets++;
            e++;
        }
        distinct++;
        uint64_t a = pair >> bits, b = pair & mask;
        partners[a]++;
        partners[b]++;
        if (buckets >= min_count) {
            candidates++;
            checksum += (a << 32 | b) * (uint64_t)buckets;
        }
        r = e;
    }
    double t3 = now();
    double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("C reference: reads %zu events %zu distinct %zu candidates %zu capped %zu checksum %llu\n",
           n, used, distinct, candidates, capped, (unsigned long long)checksum);
    printf("C reference seconds: order %.3f sweep %.3f count %.3f total %.3f cpu %.3f peak_rss_mb %.0f\n",
           t1 - t0, t2 - t1, t3 - t2, t3 - t0, cpu, usage.ru_maxrss / 1024.0);
    return 0;
}
