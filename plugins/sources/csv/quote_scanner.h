// Finds true record boundaries for parallel parsing.
//
// A file is cut into chunks at the first line break after each nominal split offset. Such a cut
// is only a guess: the line break may sit inside a quoted field. Before any chunk is parsed,
// every chunk is scanned in parallel (newline count and, when it has quotes, its quote state at
// the end for both possible states at its start); composing those results from the first chunk
// tells whether each guess is inside quotes, and a wrong guess is moved to the next record
// boundary. The scan follows the same grammar as csv_tokenizer.h, quote by quote, so it costs
// one memchr pass where a file has no quotes.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_QUOTE_SCANNER_H_
#define ENCORE_PLUGINS_SOURCES_CSV_QUOTE_SCANNER_H_

#include <cstdint>
#include <vector>

namespace encore::plugins::csv {

enum class QuoteState : uint8_t { kOutside = 0, kInside = 1 };

// Quote state after [begin, end) when it starts in `state`. begin[-1] must be readable.
QuoteState QuoteStateAfter(const char* begin, const char* end, QuoteState state, char delimiter);

// The first record start after `from` when `from` is inside a quoted field: the byte after the
// first '\n' outside quotes, or `end`.
const char* NextRecordStartFromInside(const char* from, const char* end, char delimiter);

// Number of '\n' bytes in [begin, end), and whether any '"' occurs there.
struct ByteCensus {
  int64_t newlines = 0;
  bool has_quote = false;
};
ByteCensus TakeCensus(const char* begin, const char* end);

struct Chunk {
  const char* begin;
  const char* end;
  int64_t first_line;  // physical line number (1-based) of the chunk's first byte
};

// Splits the records in [body, end) into `count` chunks (some may be empty) that start and end
// on record boundaries. `body` must be a record start (right after the header) on line
// `body_line`. Uses `count` threads.
std::vector<Chunk> SplitIntoChunks(const char* body, const char* end, int64_t body_line, int count,
                                   char delimiter);

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_QUOTE_SCANNER_H_
