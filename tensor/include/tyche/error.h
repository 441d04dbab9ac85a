#pragma once
// tyche::Error: the one exception type of the library. Messages name the op,
// the shapes, dtypes or values involved, e.g.
//   "add: shapes [2, 3] and [4] cannot be broadcast".
#include <sstream>
#include <stdexcept>
#include <string>

namespace tyche {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

namespace detail {
template <class... Args>
std::string concat(const Args&... args) {
  std::ostringstream os;
  (os << ... << args);
  return os.str();
}
}  // namespace detail

}  // namespace tyche

// Throws tyche::Error("<op>: <message parts...>") when cond is false.
#define TYCHE_CHECK(cond, op, ...)                                      \
  do {                                                                  \
    if (!(cond)) [[unlikely]]                                           \
      throw ::tyche::Error(::tyche::detail::concat(op, ": ", __VA_ARGS__)); \
  } while (0)
