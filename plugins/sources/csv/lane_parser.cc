#include "plugins/sources/csv/lane_parser.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace encore::plugins::csv {

LaneParser::LaneParser(const CsvOptions& options, const FileLayout& layout,
                       ReadCoordinator* coordinator, int lane, bool count_bytes)
    : options_(options),
      layout_(layout),
      coordinator_(coordinator),
      lane_(lane),
      count_bytes_(count_bytes),
      tokenizer_(options.delimiter),
      record_(layout.column_names.size()),
      converter_(options, layout.columns, layout.column_names.size()) {
  batch_.reserve(kBatchRows);
  batch_.currency = options.currency;
}

const char* LaneParser::Parse(const char* p, const char* end, bool at_eof) {
  if (counted_upto_ == nullptr) counted_upto_ = p;
  if (released_upto_ == nullptr) released_upto_ = p;
  tokenizer_.Forget();
  while (p < end) {
    const char* next = nullptr;
    const Token token = tokenizer_.Next(p, end, at_eof, &record_, &next);
    if (token == Token::kIncomplete || token == Token::kEnd) break;
    const int64_t line = line_;
    line_ += record_.newlines();
    p = next;
    parsed_upto_ = p;
    if (token == Token::kBlank) continue;
    ++counts_.rows_read;
    const RowOutcome outcome = converter_.Convert(record_, line, &batch_, &issue_);
    if (outcome == RowOutcome::kLine) {
      ++counts_.lines;
    } else {
      HandleProblem(outcome, line);
      if (failed_) return p;
    }
    if (++rows_since_flush_ >= kBatchRows) Flush();
  }
  return p;
}

void LaneParser::HandleProblem(RowOutcome outcome, int64_t line) {
  if (outcome == RowOutcome::kNoCustomer) {
    ++counts_.without_customer;
    return;
  }
  std::string field;
  if (issue_.column >= 0 && static_cast<size_t>(issue_.column) < layout_.column_names.size()) {
    field = layout_.column_names[static_cast<size_t>(issue_.column)];
  }
  if (outcome == RowOutcome::kInvalid && options_.skip_invalid_rows) {
    ++counts_.invalid;
    coordinator_->RowError(lane_, RowErrorReport{Location(line), field, issue_.reason});
    return;
  }
  failed_ = true;
  failure_ = RowFailure{line, field, issue_.reason};
  coordinator_->LaneFailed(lane_);
}

std::string LaneParser::Location(int64_t line) const {
  return layout_.file_name + ":" + std::to_string(line);
}

void LaneParser::Flush() {
  coordinator_->context().emit(lane_, batch_);
  batch_.clear();
  converter_.ReleaseCopies();
  rows_since_flush_ = 0;
  if (count_bytes_ && parsed_upto_ != nullptr && parsed_upto_ > counted_upto_) {
    coordinator_->AddProgress(parsed_upto_ - counted_upto_);
    counted_upto_ = parsed_upto_;
    ReleaseParsedPages();
  }
  coordinator_->CheckContinue(lane_);
}

// Pages of a read-only file mapping stay resident once touched, so without this a 600 MB file
// adds 600 MB to the process's peak memory although the host has already copied every emitted
// line. Dropping whole pages behind the parser is always safe: a page touched again is simply
// read back from the file.
void LaneParser::ReleaseParsedPages() {
  static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t from = (reinterpret_cast<uintptr_t>(released_upto_) + page - 1) & ~(page - 1);
  const uintptr_t to = reinterpret_cast<uintptr_t>(parsed_upto_) & ~(page - 1);
  if (to <= from) return;
  madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
  released_upto_ = reinterpret_cast<const char*>(to);
}

}  // namespace encore::plugins::csv
