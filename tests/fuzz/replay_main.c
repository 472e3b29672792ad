/* replay_main.c — a fuzz target as an ordinary program (the normal and
 * sanitizer builds, where there is no libFuzzer): each file named, and
 * each file of each directory named, is given once to
 * LLVMFuzzerTestOneInput, as libFuzzer does with -runs=0.  This is how the
 * seed corpora and the crashes kept in tests/fuzz/regressions/ run in the
 * whole test suite. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long inputs;

static int one(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 2;
    }
    size_t cap = 4096, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0)
        if ((n += got) == cap)
            buf = realloc(buf, cap *= 2);
    fclose(f);
    if (!buf)
        return 2;
    /* a copy of exactly n bytes, so that the sanitizer sees a read past the end */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact)
        return 2;
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    inputs++;
    return 0;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int walk(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return 2;
    }
    if (!S_ISDIR(st.st_mode))
        return one(path);
    DIR *dir = opendir(path);
    if (!dir) {
        perror(path);
        return 2;
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.')
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        if (!names || !(names[n] = malloc(len)))
            return 2;
        snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof *names, cmp); /* the same order everywhere */
    int status = 0;
    for (size_t i = 0; i < n; i++) {
        if (!status)
            status = one(names[i]);
        free(names[i]);
    }
    free(names);
    return status;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        int status = walk(argv[i]);
        if (status)
            return status;
    }
    printf("%lu inputs replayed\n", inputs);
    return 0;
}
