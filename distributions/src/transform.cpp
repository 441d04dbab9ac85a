#include "tyche/distributions/transform.h"

#include "tyche/distributions/transforms.h"

namespace tyche::dist {

Transform::Transform() : impl_(std::make_shared<const IdentityTransform>()) {}

Transform::Transform(std::shared_ptr<const TransformImpl> impl) : impl_(std::move(impl)) {
  TYCHE_CHECK(impl_ != nullptr, "Transform", "null TransformImpl");
}

}  // namespace tyche::dist
