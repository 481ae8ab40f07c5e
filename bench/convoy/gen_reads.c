// gen_reads: writes a seeded synthetic plate-read file in the shape of the stack trial's convoy task
// (perf-anchors.md task 6): N reads of P plates (Zipf-like activity) at C cameras scattered over a
// 100 × 100 km area over 30 days, trips of 3–7 cameras from camera to neighbouring camera at road
// speeds, plus 1,000 planted convoys (2–3 plates passing 4–8
// cameras together on 6–24 trips), 200 cloned plates and 200 night runners so that every pass has work.
// The reads are written in random order, so a consumer must really sort them. What was planted is
// written to OUT.bin.truth (lines `convoy A B [C]`, `clone P`, `night P`, plate ids).
//
//   gen_reads OUT.bin [READS=10000000] [PLATES=300000] [CAMERAS=200] [SEED=42]
//
// File layout (little endian): "YJR1", u32 reads, u32 plates, u32 cameras, i64 base time;
// then u32 plate[reads], u32 camera[reads], i64 ts[reads], u8 confidence[reads],
// f64 lat[cameras], f64 lon[cameras], u8 night_target[cameras].
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;
static uint64_t next(void) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static double unit(void) { return (next() >> 11) * (1.0 / 9007199254740992.0); }
static uint32_t below(uint32_t n) { return (uint32_t)(unit() * n); }

static uint32_t *plate, *camera;
static int64_t *ts;
static uint8_t *conf;
static size_t count, capacity;

static void emit(uint32_t p, uint32_t c, int64_t t) {
    if (count == capacity) return;
    if (t < 0 || t >= 30 * 86400) return;
    plate[count] = p;
    camera[count] = c;
    ts[count] = t;
    conf[count] = (uint8_t)(80 + below(20));
    count++;
}

// Second of day: 60 % spread over the whole day, 40 % over 07:00–20:00 (the stack trial's reads were
// close to uniform; a mild daytime bias keeps the busy hours busier).
static int64_t second_of_day(void) {
    double hour = unit() < 0.6 ? unit() * 24 : 7 + unit() * 13;
    return (int64_t)(hour * 3600);
}

static uint32_t ncam;
static double *popularity;  // cumulative camera weights
static uint32_t pick_camera(void) {
    double r = unit() * popularity[ncam - 1];
    uint32_t lo = 0, hi = ncam - 1;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (popularity[mid] < r) lo = mid + 1; else hi = mid;
    }
    return lo;
}

static double *lat, *lon;
#define NEAR 8
static uint32_t *nearest;  // NEAR nearest cameras of each camera

static double km(uint32_t a, uint32_t b) {
    double dy = (lat[a] - lat[b]) * 111.2, dx = (lon[a] - lon[b]) * 111.2 * 0.82;
    return sqrt(dx * dx + dy * dy);
}

// A route along roads: a start camera, then each next camera among the previous one's neighbours.
static void make_route(uint32_t *route, int len) {
    route[0] = pick_camera();
    for (int i = 1; i < len; i++) route[i] = nearest[route[i - 1] * NEAR + below(NEAR)];
}

// Seconds to drive between two cameras at 35–80 km/h (over a road 1.3× the straight line), plus a stop.
static int64_t drive_seconds(uint32_t a, uint32_t b) {
    return (int64_t)(km(a, b) * 1.3 / (35 + unit() * 45) * 3600) + 30 + below(90);
}

static void trip(uint32_t p, int day, int64_t start, int cameras_in_trip, uint32_t *route) {
    int64_t t = (int64_t)day * 86400 + start;
    for (int k = 0; k < cameras_in_trip; k++) {
        if (k > 0) t += drive_seconds(route[k - 1], route[k]);
        emit(p, route[k], t);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: gen_reads OUT.bin [READS] [PLATES] [CAMERAS] [SEED]\n"); return 2; }
    size_t reads = argc > 2 ? strtoull(argv[2], 0, 10) : 10000000;
    uint32_t plates = argc > 3 ? (uint32_t)strtoul(argv[3], 0, 10) : 300000;
    ncam = argc > 4 ? (uint32_t)strtoul(argv[4], 0, 10) : 200;
    state = argc > 5 ? strtoull(argv[5], 0, 10) : 42;
    capacity = reads;
    plate = malloc(reads * 4); camera = malloc(reads * 4); ts = malloc(reads * 8); conf = malloc(reads);
    lat = malloc(ncam * 8);
    lon = malloc(ncam * 8);
    uint8_t *target = calloc(ncam, 1);
    popularity = malloc(ncam * 8);
    double total = 0;
    for (uint32_t c = 0; c < ncam; c++) {
        lat[c] = 34.0 + unit() * 0.9;   // about 100 km north–south
        lon[c] = 108.4 + unit() * 1.1;  // about 100 km east–west
        target[c] = unit() < 0.14;
        total += 1.0;
        popularity[c] = total;
    }
    nearest = malloc((size_t)ncam * NEAR * 4);
    for (uint32_t c = 0; c < ncam; c++) {
        double best[NEAR];
        for (int k = 0; k < NEAR; k++) { best[k] = 1e18; nearest[c * NEAR + k] = c; }
        for (uint32_t o = 0; o < ncam; o++) {
            if (o == c) continue;
            double d = km(c, o);
            for (int k = 0; k < NEAR; k++) {
                if (d < best[k]) {
                    for (int m = NEAR - 1; m > k; m--) { best[m] = best[m - 1]; nearest[c * NEAR + m] = nearest[c * NEAR + m - 1]; }
                    best[k] = d;
                    nearest[c * NEAR + k] = o;
                    break;
                }
            }
        }
    }
    uint32_t route[8];
    // What was planted, for the harness to score: OUT.bin.truth.
    char truth_path[4096];
    snprintf(truth_path, sizeof truth_path, "%s.truth", argv[1]);
    FILE *truth = fopen(truth_path, "w");
    // Planted convoys first (their plates are the first ids), then clones and night runners.
    uint32_t next_plate = 0;
    for (int g = 0; g < 1000; g++) {
        int size = unit() < 0.3 ? 3 : 2;
        uint32_t first = next_plate;
        next_plate += size;
        if (truth) {
            fprintf(truth, "convoy");
            for (int m = 0; m < size; m++) fprintf(truth, " %u", first + m);
            fprintf(truth, "\n");
        }
        int trips = 6 + below(19);
        int used_day[30] = {0};
        for (int k = 0; k < trips; k++) {
            int len = 4 + below(5);
            make_route(route, len);
            int day = below(30);
            while (used_day[day]) day = below(30);
            used_day[day] = 1;
            int64_t start = 6 * 3600 + below(16 * 3600);  // within the day, so trips never overlap
            int64_t t = (int64_t)day * 86400 + start;
            for (int i = 0; i < len; i++) {
                if (i > 0) t += drive_seconds(route[i - 1], route[i]);
                for (int m = 0; m < size; m++) emit(first + m, route[i], t + m * (20 + below(30)));
            }
        }
    }
    uint32_t clones = next_plate;
    next_plate += 200;
    for (uint32_t p = clones; p < clones + 200; p++) {
        if (truth) fprintf(truth, "clone %u\n", p);
        // The original drives near one camera, the clone at the same times near a camera far away.
        uint32_t home = below(ncam), away = below(ncam);
        while (km(home, away) < 60) away = below(ncam);
        for (int k = 0; k < 8; k++) {
            int day = below(30);
            int64_t start = second_of_day();
            route[0] = home;
            for (int i = 1; i < 4; i++) route[i] = nearest[route[i - 1] * NEAR + below(NEAR)];
            trip(p, day, start, 4, route);
            route[0] = away;
            for (int i = 1; i < 4; i++) route[i] = nearest[route[i - 1] * NEAR + below(NEAR)];
            trip(p, day, start + 300, 4, route);
        }
    }
    uint32_t night = next_plate;
    next_plate += 200;
    for (uint32_t p = night; p < night + 200; p++) {
        if (truth) fprintf(truth, "night %u\n", p);
        uint32_t goal = below(ncam);
        while (!target[goal]) goal = below(ncam);
        int used_night[30] = {0};
        for (int k = 0; k < 12; k++) {
            int day = below(30);
            while (used_night[day]) day = below(30);
            used_night[day] = 1;
            route[0] = nearest[goal * NEAR + 2]; route[1] = nearest[goal * NEAR]; route[2] = goal;
            trip(p, day, 3600 + below(3 * 3600), 3, route);
        }
    }
    // Background: Zipf-like activity (s = 1, offset 200, so the busiest plate makes a few thousand
    // reads a month). Each plate's trips are in time order and each starts near where the last ended,
    // so no background vehicle moves impossibly fast.
    double norm = 0;
    uint32_t background = plates > next_plate ? plates - next_plate : 1;
    for (uint32_t i = 0; i < background; i++) norm += 1.0 / (i + 200.0);
    size_t remaining = capacity - count;
    double *starts = malloc(sizeof(double) * 4096);
    for (uint32_t i = 0; i < background && count < capacity; i++) {
        double expected = remaining * (1.0 / (i + 200.0)) / norm / 4.5;  // trips of 3–7 reads, some cut off
        int trips = (int)expected + (unit() < expected - (int)expected ? 1 : 0);
        if (trips > 4096) trips = 4096;
        for (int k = 0; k < trips; k++) starts[k] = unit() * 30;
        // Sort the trip days (insertion; trips per plate are few).
        for (int k = 1; k < trips; k++) {
            double v = starts[k];
            int m = k;
            while (m > 0 && starts[m - 1] > v) { starts[m] = starts[m - 1]; m--; }
            starts[m] = v;
        }
        uint32_t at = pick_camera();
        int64_t free_at = 0;
        for (int k = 0; k < trips; k++) {
            int day = (int)starts[k];
            int64_t t = (int64_t)day * 86400 + second_of_day();
            if (t < free_at) t = free_at;
            int len = 3 + below(5);
            route[0] = at;
            for (int r = 1; r < len; r++) route[r] = nearest[route[r - 1] * NEAR + below(NEAR)];
            for (int r = 0; r < len; r++) {
                if (r > 0) t += drive_seconds(route[r - 1], route[r]);
                emit(next_plate + i, route[r], t);
            }
            at = route[len - 1];
            free_at = t + 600 + below(3600);
        }
    }
    // Shuffle (Fisher–Yates).
    for (size_t i = count - 1; i > 0; i--) {
        size_t j = (size_t)(unit() * (i + 1));
        uint32_t tp = plate[i]; plate[i] = plate[j]; plate[j] = tp;
        uint32_t tc = camera[i]; camera[i] = camera[j]; camera[j] = tc;
        int64_t tt = ts[i]; ts[i] = ts[j]; ts[j] = tt;
        uint8_t tf = conf[i]; conf[i] = conf[j]; conf[j] = tf;
    }
    int64_t base = 1769702400;  // 2026-01-29T16:00:00Z = 2026-01-30 00:00 +08:00
    for (size_t i = 0; i < count; i++) ts[i] += base;
    if (truth) fclose(truth);
    FILE *f = fopen(argv[1], "wb");
    if (!f) { perror(argv[1]); return 1; }
    uint32_t header[3] = {(uint32_t)count, plates > next_plate ? plates : next_plate + 1, ncam};
    fwrite("YJR1", 1, 4, f);
    fwrite(header, 4, 3, f);
    fwrite(&base, 8, 1, f);
    fwrite(plate, 4, count, f); fwrite(camera, 4, count, f); fwrite(ts, 8, count, f); fwrite(conf, 1, count, f);
    fwrite(lat, 8, ncam, f); fwrite(lon, 8, ncam, f); fwrite(target, 1, ncam, f);
    fclose(f);
    fprintf(stderr, "wrote %zu reads, %u plates, %u cameras to %s\n", count, header[1], ncam, argv[1]);
    return 0;
}
