// The state database schema and its migrations. Internal to the state module.
#pragma once

#include <sqlite3.h>

#include "daemon/common/status.h"

namespace encore {

// The schema version this build writes.
int LatestSchemaVersion();

// Brings the database to LatestSchemaVersion() in one transaction: either every pending
// migration is applied or none. A database written by a newer build is refused, never touched.
Status MigrateSchema(sqlite3* db);

// The same, up to `version` only (<= LatestSchemaVersion()): for tests of a migration, which
// need a database as an older build left it.
Status MigrateSchemaTo(sqlite3* db, int version);

}  // namespace encore
