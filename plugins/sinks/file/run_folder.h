// The folder of one delivery, <root>/<pipeline>/<run_id>/, built under a hidden temporary name
// next to it and moved into place in one step, so a reader never sees half a run.
#pragma once

#include <string>

namespace encore::plugins::file {

class RunFolder {
 public:
  // Creates <root>/<pipeline>/.<run_id>.tmp, first removing one left by an interrupted
  // delivery. Throws sdk::Error naming the path and the reason.
  RunFolder(const std::string& root, const std::string& pipeline, const std::string& run_id);
  ~RunFolder();  // removes the temporary folder unless it was published
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  std::string TempFile(const std::string& name) const { return temp_ + "/" + name; }
  const std::string& final_path() const { return final_; }

  // Syncs the temporary folder and moves it to <root>/<pipeline>/<run_id>. An earlier delivery
  // of the same run is swapped out atomically (renameat2 RENAME_EXCHANGE) and then removed;
  // where the file system cannot exchange, it is renamed away first and removed after.
  void Publish();
  // Removes the temporary folder and everything in it.
  void Discard();

  // Refuses names that cannot be one folder name: empty, ".", "..", a '/', a NUL, or a leading
  // '.' (kept for the temporary folders). `what` names the value in the message.
  static void CheckComponent(const std::string& what, const std::string& value);

  // Publishes with plain renames, as on a file system without renameat2 flags.
  void UseRenameFallbackForTest() { rename_fallback_ = true; }

 private:
  bool PublishWithRenameFlags();  // false when the file system does not support the flags
  void PublishWithRenames();

  std::string run_id_, parent_, temp_, final_;
  bool published_ = false;
  bool rename_fallback_ = false;
};

}  // namespace encore::plugins::file
