/* fuzz_jsonl.c — JSON Lines batch records (fuzz_batch.h: read as a .jsonl
 * file by the batch driver, written as JSON Lines and CSV, -j 2 = -j 1). */
#include "fuzz_batch.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    batch_init("jsonl");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return batch_one(data, size); }
