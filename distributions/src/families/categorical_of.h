#pragma once
// The Categorical inside OneHotCategorical and Multinomial (private to the
// layer): its construction errors are prefixed with the owner's name, so a
// bad parameter names the distribution the user built.
#include <string>

#include "tyche/distributions/categorical.h"

namespace tyche::dist::detail {

template <class Param>
Categorical categorical_of(const char* owner, Param param) {
  try {
    return Categorical(std::move(param));
  } catch (const Error& e) {
    throw Error(std::string(owner) + ": " + e.what());
  }
}

}  // namespace tyche::dist::detail
