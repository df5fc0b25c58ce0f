// Counts the calls the Encore services are working on, so that shutdown can wait for exactly
// those instead of the whole grace period: gRPC's Shutdown(deadline) also waits for idle client
// connections, which only the deadline closes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace encore {

class InFlightCalls {
 public:
  void Begin() {
    std::lock_guard<std::mutex> lock(mu_);
    ++count_;
  }
  void End() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--count_ == 0) idle_.notify_all();
  }
  // True when no call is in flight, waiting for that until `deadline` at most.
  bool WaitIdle(std::chrono::system_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    return idle_.wait_until(lock, deadline, [this] { return count_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable idle_;
  int count_ = 0;
};

}  // namespace encore
