// Reading a CSV file of order lines: the header, then every record, emitted as batches.
#ifndef ENCORE_PLUGINS_SOURCES_CSV_CSV_READER_H_
#define ENCORE_PLUGINS_SOURCES_CSV_CSV_READER_H_

#include <encore/sdk/plugin.hpp>

#include "plugins/sources/csv/csv_options.h"

namespace encore::plugins::csv {

// The file can be opened and its header has every mapped column. Throws sdk::Error.
void CheckCsvFile(const CsvOptions& options);

// Emits every line of the file. A plain regular file is memory-mapped and parsed on up to
// context.max_lanes() threads, chunk k on lane k; gzip files and pipes are parsed on lane 0.
// Throws sdk::Error (with file:line for a row that stops the read) or sdk::Cancelled.
void ReadCsvFile(const CsvOptions& options, const sdk::SourceContext& context);

}  // namespace encore::plugins::csv

#endif  // ENCORE_PLUGINS_SOURCES_CSV_CSV_READER_H_
