#include "plugins/sources/csv/quote_scanner.h"

#include <algorithm>
#include <cstring>
#include <encore/sdk/parallel.hpp>
#include <thread>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace encore::plugins::csv {
namespace {

const char* FindQuote(const char* p, const char* end) {
  return static_cast<const char*>(std::memchr(p, '"', end - p));
}

// A '"' outside quotes opens a quoted field only at the start of a field (tokenizer rule).
bool OpensField(const char* quote, char delimiter) {
  return quote[-1] == delimiter || quote[-1] == '\n';
}

}  // namespace

QuoteState QuoteStateAfter(const char* begin, const char* end, QuoteState state, char delimiter) {
  const char* p = begin;
  while (const char* q = FindQuote(p, end)) {
    if (state == QuoteState::kInside) {
      if (q + 1 < end && q[1] == '"') {
        p = q + 2;  // "" inside a quoted field
        continue;
      }
      state = QuoteState::kOutside;
    } else if (OpensField(q, delimiter)) {
      state = QuoteState::kInside;
    }
    p = q + 1;
  }
  return state;
}

const char* NextRecordStartFromInside(const char* from, const char* end, char delimiter) {
  const char* p = from;
  for (;;) {
    // Inside a quoted field: find its closing quote ("" is an escaped quote, not the end).
    const char* q = FindQuote(p, end);
    while (q != nullptr && q + 1 < end && q[1] == '"') q = FindQuote(q + 2, end);
    if (q == nullptr) return end;
    p = q + 1;
    // Outside: the next '\n' ends the record, unless a quoted field opens before it.
    const char* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
    const char* limit = newline == nullptr ? end : newline;
    const char* opening = FindQuote(p, limit);
    while (opening != nullptr && !OpensField(opening, delimiter)) {
      opening = FindQuote(opening + 1, limit);
    }
    if (opening == nullptr) return newline == nullptr ? end : newline + 1;
    p = opening + 1;
  }
}

ByteCensus TakeCensus(const char* begin, const char* end) {
  ByteCensus census;
  const char* p = begin;
#if defined(__SSE2__)
  // Counts line breaks 16 bytes at a time: each compare yields -1 per match, subtracted into
  // byte counters that are folded into the total before they can wrap (every 255 blocks).
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i quote = _mm_set1_epi8('"');
  __m128i quotes = _mm_setzero_si128();
  while (end - p >= 16) {
    const size_t blocks = std::min<size_t>(255, static_cast<size_t>(end - p) / 16);
    __m128i counts = _mm_setzero_si128();
    for (size_t i = 0; i < blocks; ++i, p += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(bytes, newline));
      quotes = _mm_or_si128(quotes, _mm_cmpeq_epi8(bytes, quote));
    }
    const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
    census.newlines += _mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4);
  }
  census.has_quote = _mm_movemask_epi8(quotes) != 0;
#endif
  for (; p < end; ++p) {
    census.newlines += *p == '\n';
    census.has_quote = census.has_quote || *p == '"';
  }
  return census;
}

std::vector<Chunk> SplitIntoChunks(const char* body, const char* end, int64_t body_line, int count,
                                   char delimiter) {
  const size_t n = static_cast<size_t>(std::max(1, count));
  if (n == 1) return {Chunk{body, end, body_line}};
  const size_t length = static_cast<size_t>(end - body);
  // Guessed starts: right after the first '\n' at or after each nominal offset.
  std::vector<const char*> guess(n + 1, end);
  guess[0] = body;
  for (size_t k = 1; k < n; ++k) {
    const char* nominal = body + length / n * k;
    const char* from = std::max(nominal - 1, guess[k - 1]);
    const char* newline =
        from < end ? static_cast<const char*>(std::memchr(from, '\n', end - from)) : nullptr;
    guess[k] = newline == nullptr ? end : newline + 1;
  }

  struct Scan {
    ByteCensus census;
    QuoteState after[2] = {QuoteState::kOutside, QuoteState::kInside};
  };
  std::vector<Scan> scans(n);
  auto scan_chunk = [&](size_t k) {
    Scan& scan = scans[k];
    scan.census = TakeCensus(guess[k], guess[k + 1]);
    if (!scan.census.has_quote) return;
    for (QuoteState start : {QuoteState::kOutside, QuoteState::kInside}) {
      scan.after[static_cast<int>(start)] =
          QuoteStateAfter(guess[k], guess[k + 1], start, delimiter);
    }
  };
  // The last chunk's census would tell nothing about any start: skip it (memory bandwidth is
  // what this pass costs).
  sdk::ForEachPart(std::max(1, static_cast<int>(n) - 1),
                   [&](int k) { scan_chunk(static_cast<size_t>(k)); });

  std::vector<Chunk> chunks(n);
  QuoteState state = QuoteState::kOutside;  // body starts a record
  int64_t line = body_line;
  for (size_t k = 0; k < n; ++k) {
    const char* start = guess[k];
    int64_t start_line = line;
    if (state == QuoteState::kInside) {
      // The guess cuts a quoted field: move to the record boundary that follows. When that is
      // past the next guesses, the chunks in between are empty (their guesses are inside the
      // same field and move to the same boundary).
      start = NextRecordStartFromInside(guess[k], end, delimiter);
      start_line += TakeCensus(guess[k], start).newlines;
    }
    chunks[k].begin = start;
    chunks[k].first_line = start_line;
    if (k > 0) chunks[k - 1].end = start;
    state = scans[k].after[static_cast<int>(state)];
    line += scans[k].census.newlines;
  }
  chunks[n - 1].end = end;
  return chunks;
}

}  // namespace encore::plugins::csv
