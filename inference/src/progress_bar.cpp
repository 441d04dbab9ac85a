#include "tyche/inference/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace tyche::infer {

namespace {
constexpr int kWidth = 20;
constexpr auto kRedraw = std::chrono::milliseconds(100);

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}
}  // namespace

ProgressBar::ProgressBar(int64_t total, std::string label)
    : total_(total > 0 ? total : 1),
      label_(std::move(label)),
      enabled_(isatty(fileno(stderr)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_ - kRedraw) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fputc('\n', stderr);
}

void ProgressBar::update(int64_t done, const std::string& status) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_ < kRedraw) return;
  last_ = now;
  draw(done, status);
}

void ProgressBar::draw(int64_t done, const std::string& status) {
  const double frac = static_cast<double>(done) / static_cast<double>(total_);
  const int filled = static_cast<int>(frac * kWidth + 1e-9);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), '-');
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double left = done > 0 ? elapsed * (1 - frac) / frac : 0;
  std::fprintf(stderr, "\r%s %6lld/%lld [%s] %3d%%  %s  %s < %s\x1b[K", label_.c_str(), static_cast<long long>(done),
               static_cast<long long>(total_), bar.c_str(), static_cast<int>(frac * 100 + 1e-9), status.c_str(),
               clock_text(elapsed).c_str(), clock_text(left).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace tyche::infer
