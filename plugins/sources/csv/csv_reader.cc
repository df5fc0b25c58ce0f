#include "plugins/sources/csv/csv_reader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

#include "plugins/sources/csv/header.h"
#include "plugins/sources/csv/input_file.h"
#include "plugins/sources/csv/lane_parser.h"
#include "plugins/sources/csv/quote_scanner.h"
#include "plugins/sources/csv/read_coordinator.h"

namespace encore::plugins::csv {
namespace {

// Below this many bytes per chunk a thread costs more than it saves.
constexpr int64_t kMinChunkBytes = 16 << 10;
constexpr int kMaxLanes = 64;
// Streamed input is parsed from a buffer this large; it doubles when one record does not fit.
constexpr size_t kStreamBufferBytes = 8 << 20;
constexpr size_t kMaxRecordBytes = size_t{1} << 30;

// Bytes of a streamed input, with a partial record carried over from one fill to the next.
class StreamBuffer {
 public:
  StreamBuffer(ByteStream* stream, const std::string& file_name,
               size_t initial_bytes = kStreamBufferBytes)
      : stream_(stream), file_name_(file_name), bytes_(initial_bytes) {}

  const char* begin() const { return bytes_.data(); }
  const char* end() const { return bytes_.data() + filled_; }
  bool at_eof() const { return eof_; }

  // Keeps [from, end()) at the front, then reads until the buffer is full or the input ends.
  // Grows the buffer when `from` is already at the front of a full one (a record longer than
  // the buffer). `line` is for the message when a record exceeds kMaxRecordBytes.
  void Refill(const char* from, int64_t line) {
    const size_t keep = static_cast<size_t>(end() - from);
    std::memmove(bytes_.data(), from, keep);
    filled_ = keep;
    if (filled_ == bytes_.size()) {
      if (bytes_.size() >= kMaxRecordBytes) {
        throw sdk::Error(file_name_ + ":" + std::to_string(line) +
                         ": a record is longer than 1 GiB (unterminated quote?)");
      }
      bytes_.resize(bytes_.size() * 2);
    }
    while (filled_ < bytes_.size() && !eof_) {
      const size_t n = stream_->Read(bytes_.data() + filled_, bytes_.size() - filled_);
      if (n == 0) eof_ = true;
      filled_ += n;
    }
  }

 private:
  ByteStream* stream_;
  const std::string& file_name_;
  std::vector<char> bytes_;
  size_t filled_ = 0;
  bool eof_ = false;
};

FileLayout MakeLayout(const Header& header, const CsvOptions& options,
                      const std::string& file_name) {
  FileLayout layout;
  layout.file_name = file_name;
  layout.column_names = header.names;
  layout.columns = ResolveColumns(header, options, file_name);
  return layout;
}

// Fills `buffer` until it holds the whole header; returns where the data rows start.
const char* ReadStreamHeader(StreamBuffer* buffer, const CsvOptions& options,
                             const std::string& file_name, Header* header) {
  buffer->Refill(buffer->end(), 1);
  const std::string_view all(buffer->begin(), static_cast<size_t>(buffer->end() - buffer->begin()));
  size_t bom = all.size() - SkipByteOrderMark(all).size();
  for (;;) {
    const char* start = buffer->begin() + bom;
    const std::string_view bytes(start, static_cast<size_t>(buffer->end() - start));
    if (ReadHeader(bytes, buffer->at_eof(), options.delimiter, file_name, header)) {
      return start + header->size_bytes;
    }
    buffer->Refill(buffer->begin(), 1);  // keeps everything, grows
  }
}

struct LaneResult {
  bool cancelled = false;
  bool boundary_mismatch = false;
  std::exception_ptr error;
};

// Runs `body` for one lane and records how it ended; never throws.
template <class Body>
void RunLane(int lane, ReadCoordinator* coordinator, LaneResult* result, Body&& body) {
  try {
    body();
  } catch (const LaneStopped&) {
  } catch (const sdk::Cancelled&) {
    result->cancelled = true;
    coordinator->StopAll();
  } catch (...) {
    result->error = std::current_exception();
    coordinator->StopAll();
  }
  coordinator->LaneFinished(lane);
}

// Reports the counters and turns the lanes' outcomes into the read's outcome.
void Finish(const std::vector<std::unique_ptr<LaneParser>>& parsers,
            const std::vector<LaneResult>& results, ReadCoordinator* coordinator,
            const FileLayout& layout) {
  RowCounts total;
  for (const auto& parser : parsers) {
    total.rows_read += parser->counts().rows_read;
    total.without_customer += parser->counts().without_customer;
    total.invalid += parser->counts().invalid;
  }
  const sdk::SourceContext& context = coordinator->context();
  context.count("rows_read", total.rows_read);
  context.count("rows_without_customer", total.without_customer);
  context.count("rows_skipped_invalid", total.invalid);

  for (const LaneResult& result : results) {
    if (result.cancelled) throw sdk::Cancelled();
  }
  // The first lane in file order that stopped decides: later lanes may have been stopped by it.
  for (size_t k = 0; k < results.size(); ++k) {
    if (results[k].error) std::rethrow_exception(results[k].error);
    if (parsers[k]->failed()) {
      const RowFailure& failure = parsers[k]->failure();
      const std::string location = layout.file_name + ":" + std::to_string(failure.line);
      context.row_error(location, failure.field, failure.reason);
      throw sdk::Error(location + ": " +
                       (failure.field.empty() ? "" : "column '" + failure.field + "': ") +
                       failure.reason);
    }
    if (results[k].boundary_mismatch) {
      // Cannot happen while quote_scanner and the tokenizer agree; refuse rather than guess.
      throw sdk::Error(layout.file_name +
                       ": internal error: parallel chunks disagree on a record boundary; "
                       "read it with max_lanes 1");
    }
  }
  coordinator->ReportDone();
}

void ReadMapped(const CsvOptions& options, InputFile* file, const sdk::SourceContext& context) {
  const std::string_view bytes = file->Map();
  const std::string_view content = SkipByteOrderMark(bytes);
  Header header;
  ReadHeader(content, /*at_eof=*/true, options.delimiter, file->name(), &header);
  const FileLayout layout = MakeLayout(header, options, file->name());

  const char* body = content.data() + header.size_bytes;
  const char* end = bytes.data() + bytes.size();
  const int64_t body_bytes = end - body;
  const int lanes = static_cast<int>(std::clamp<int64_t>(
      std::min<int64_t>(context.max_lanes(), body_bytes / kMinChunkBytes), 1, kMaxLanes));
  const std::vector<Chunk> chunks =
      SplitIntoChunks(body, end, 1 + header.lines, lanes, options.delimiter);

  ReadCoordinator coordinator(context, lanes, body_bytes);
  std::vector<std::unique_ptr<LaneParser>> parsers;
  for (int k = 0; k < lanes; ++k) {
    parsers.push_back(
        std::make_unique<LaneParser>(options, layout, &coordinator, k, /*count_bytes=*/true));
  }
  std::vector<LaneResult> results(static_cast<size_t>(lanes));
  auto run = [&](int k) {
    RunLane(k, &coordinator, &results[static_cast<size_t>(k)], [&] {
      const Chunk& chunk = chunks[static_cast<size_t>(k)];
      LaneParser& parser = *parsers[static_cast<size_t>(k)];
      parser.set_line(chunk.first_line);
      const char* stop = parser.Parse(chunk.begin, chunk.end, /*at_eof=*/chunk.end == end);
      if (parser.failed()) return;
      if (stop != chunk.end) {
        results[static_cast<size_t>(k)].boundary_mismatch = true;
        coordinator.StopAll();
        return;
      }
      parser.Flush();
    });
  };
  std::vector<std::thread> threads;
  try {
    for (int k = 1; k < lanes; ++k) threads.emplace_back(run, k);
  } catch (...) {
    coordinator.StopAll();
    for (std::thread& t : threads) t.join();
    throw;
  }
  run(0);
  for (std::thread& t : threads) t.join();
  Finish(parsers, results, &coordinator, layout);
}

void ReadStreamed(const CsvOptions& options, InputFile* file, const sdk::SourceContext& context) {
  std::unique_ptr<ByteStream> stream = file->Stream();
  StreamBuffer buffer(stream.get(), file->name());
  Header header;
  const char* p = ReadStreamHeader(&buffer, options, file->name(), &header);
  const FileLayout layout = MakeLayout(header, options, file->name());

  ReadCoordinator coordinator(context, 1, file->size());
  std::vector<std::unique_ptr<LaneParser>> parsers;
  parsers.push_back(
      std::make_unique<LaneParser>(options, layout, &coordinator, 0, /*count_bytes=*/false));
  LaneParser& parser = *parsers[0];
  parser.set_line(1 + header.lines);
  std::vector<LaneResult> results(1);
  RunLane(0, &coordinator, &results[0], [&] {
    for (;;) {
      p = parser.Parse(p, buffer.end(), buffer.at_eof());
      if (parser.failed()) return;
      if (buffer.at_eof()) break;
      // The pending lines view the buffer: hand them over before it is reused.
      parser.Flush();
      coordinator.SetProgress(stream->consumed());
      buffer.Refill(p, parser.line());
      p = buffer.begin();
    }
    parser.Flush();
  });
  Finish(parsers, results, &coordinator, layout);
}

}  // namespace

void CheckCsvFile(const CsvOptions& options) {
  // A pipe's header can be read only once, and by read(): check that it is there and readable.
  struct stat info;
  if (::stat(options.path.c_str(), &info) == 0 && S_ISFIFO(info.st_mode)) {
    if (::access(options.path.c_str(), R_OK) != 0) {
      throw sdk::Error(options.path + ": cannot read the pipe: " + std::strerror(errno));
    }
    return;
  }
  InputFile file(options.path);
  Header header;
  if (file.mappable()) {
    ReadHeader(SkipByteOrderMark(file.Map()), /*at_eof=*/true, options.delimiter, file.name(),
               &header);
  } else {
    std::unique_ptr<ByteStream> stream = file.Stream();
    StreamBuffer buffer(stream.get(), file.name(), /*initial_bytes=*/64 << 10);  // grows
    ReadStreamHeader(&buffer, options, file.name(), &header);
  }
  ResolveColumns(header, options, file.name());
}

void ReadCsvFile(const CsvOptions& options, const sdk::SourceContext& context) {
  InputFile file(options.path);
  if (file.mappable()) {
    ReadMapped(options, &file, context);
  } else {
    ReadStreamed(options, &file, context);
  }
}

}  // namespace encore::plugins::csv
