/* Parse-only reference for the CSV reader benchmark: read(2) in 4 MiB chunks and an RFC 4180
 * state machine (quoted fields, doubled quotes, CR/LF/CRLF record ends), counting records and
 * fields and summing unescaped field lengths. No field is copied.
 * Build: gcc -O2 -o parse_reference parse_reference.c    Run: ./parse_reference FILE.csv */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum state { RECORD_START, FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED };

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s FILE.csv\n", argv[0]); return 2; }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) { perror(argv[1]); return 1; }
    size_t cap = 4u << 20;
    unsigned char *buf = malloc(cap);
    long long rows = 0, fields = 0, bytes = 0, field_len = 0;
    enum state st = RECORD_START;
    int swallow_lf = 0;
    for (;;) {
        ssize_t n = read(fd, buf, cap);
        if (n < 0) { perror("read"); return 1; }
        if (n == 0) break;
        for (ssize_t i = 0; i < n; i++) {
            unsigned char c = buf[i];
            switch (st) {
            case RECORD_START:
                if (swallow_lf) { swallow_lf = 0; if (c == '\n') continue; }
                if (c == '\n') continue;
                if (c == '\r') { swallow_lf = 1; continue; }
                st = FIELD_START;
                /* fall through */
            case FIELD_START:
                field_len = 0;
                if (c == '"') { st = QUOTED; continue; }
                st = UNQUOTED;
                /* fall through */
            case UNQUOTED:
                if (c == ',') { fields++; bytes += field_len; st = FIELD_START; }
                else if (c == '\n' || c == '\r') {
                    fields++; bytes += field_len; rows++; st = RECORD_START; swallow_lf = c == '\r';
                } else field_len++;
                break;
            case QUOTED:
                if (c == '"') st = QUOTE_IN_QUOTED; else field_len++;
                break;
            case QUOTE_IN_QUOTED:
                if (c == '"') { field_len++; st = QUOTED; }
                else if (c == ',') { fields++; bytes += field_len; st = FIELD_START; }
                else if (c == '\n' || c == '\r') {
                    fields++; bytes += field_len; rows++; st = RECORD_START; swallow_lf = c == '\r';
                } else { field_len++; st = UNQUOTED; }
                break;
            }
        }
    }
    if (st != RECORD_START) { fields++; bytes += field_len; rows++; }
    close(fd);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("c-reference rows=%lld fields=%lld field_bytes=%lld seconds=%.3f rows_per_s=%.0f\n",
           rows, fields, bytes, s, rows / s);
    free(buf);
    return 0;
}
