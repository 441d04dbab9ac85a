#pragma once
// A one-line progress bar on stderr for long runs (SVI::run, MCMC): shown
// only when stderr is a terminal, redrawn at most ten times a second, e.g.
//   SVI  1200/2000 [############--------]  60%  loss 563.2  0:02 < 0:01
#include <chrono>
#include <cstdint>
#include <string>

namespace tyche::infer {

class ProgressBar {
 public:
  // total: the number of updates a full bar takes; label: the run's name.
  ProgressBar(int64_t total, std::string label);
  ~ProgressBar();   // finishes the line if the bar was shown
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Marks `done` of total as complete, with a short status ("loss 563.2").
  void update(int64_t done, const std::string& status = "");
  bool enabled() const { return enabled_; }
  // Forces the bar on or off (tests; it is on by default only on a terminal).
  void set_enabled(bool on) { enabled_ = on; }

 private:
  void draw(int64_t done, const std::string& status);
  int64_t total_;
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace tyche::infer
