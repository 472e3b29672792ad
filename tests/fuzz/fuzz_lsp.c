/* fuzz_lsp.c — the language server's input stream (er_lsp_serve reading a
 * memory FILE): the framing (headers, Content-Length), the JSON, and the
 * requests on documents typed half-way (open, change, hover, definition,
 * references, completion, symbols, folding, formatting, close, shutdown,
 * exit).  The seeds are scripted sessions (seeds.sh, as in
 * tests/lsp/lsp_session.py).  Oracles: the server returns 0 or 1, and what
 * it writes is a sequence of messages, each 'Content-Length: N', a blank
 * line and N bytes of a JSON object with "jsonrpc": "2.0". */
#include "fuzz.h"

#include <yajl/yajl_tree.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

/* Every message of out[0..len) is framed and its body a JSON-RPC object. */
static void check_output(const char *out, size_t len)
{
    const char *p = out, *end = out + len;
    static const char head[] = "Content-Length: ";
    while (p < end) {
        FUZZ_ASSERT((size_t)(end - p) > sizeof head - 1 && memcmp(p, head, sizeof head - 1) == 0,
                    "no header at byte %zu", (size_t)(p - out));
        p += sizeof head - 1;
        size_t n = 0;
        while (p < end && *p >= '0' && *p <= '9')
            n = n * 10 + (size_t)(*p++ - '0');
        FUZZ_ASSERT(end - p >= 4 && memcmp(p, "\r\n\r\n", 4) == 0, "header not ended by a blank line");
        p += 4;
        FUZZ_ASSERT((size_t)(end - p) >= n, "body of %zu bytes cut short", n);
        char *body = malloc(n + 1), err[256];
        if (!body)
            abort();
        memcpy(body, p, n);
        body[n] = '\0';
        yajl_val v = yajl_tree_parse(body, err, sizeof err);
        FUZZ_ASSERT(v && YAJL_IS_OBJECT(v), "body not a JSON object: %s", v ? "" : err);
        const char *path[] = {"jsonrpc", NULL};
        const char *rpc = YAJL_GET_STRING(yajl_tree_get(v, path, yajl_t_string));
        FUZZ_ASSERT(rpc && strcmp(rpc, "2.0") == 0, "no \"jsonrpc\": \"2.0\"");
        yajl_tree_free(v);
        free(body);
        p += n;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > FUZZ_MAX_INPUT)
        return -1;
    /* fmemopen reads a copy: the server must not see past size */
    char *copy = malloc(size);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    FILE *in = fmemopen(copy, size, "r");
    char *out = NULL;
    size_t out_len = 0;
    FILE *o = open_memstream(&out, &out_len);
    if (!in || !o)
        abort();
    int status = er_lsp_serve(in, o);
    fclose(in);
    fclose(o);
    FUZZ_ASSERT(status == 0 || status == 1, "status %d", status);
    check_output(out, out_len);
    free(out);
    free(copy);
    return 0;
}
