// An immutable value that every copy of its owner shares: an algorithm's parameters (names,
// keys, timing distributions), which the model checker would otherwise copy with every client of
// every world it makes. Copying is a reference count, and none at all when source and target
// already share the value (the checker's reused worlds); == compares the values.
#pragma once

#include <memory>
#include <utility>

namespace locksim {

template <class T>
class SharedValue {
 public:
  explicit SharedValue(T value) : value_(std::make_shared<const T>(std::move(value))) {}

  auto operator*() const -> const T& { return *value_; }
  auto operator->() const -> const T* { return value_.get(); }
  auto operator==(const SharedValue& other) const -> bool {
    return value_ == other.value_ || *value_ == *other.value_;
  }

 private:
  std::shared_ptr<const T> value_;
};

}  // namespace locksim
