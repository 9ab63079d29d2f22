// An optional value kept on the heap: one pointer wide while empty, deep-copied with its owner.
// For what an object rarely holds but is copied with often: a monitor's first finding, which
// the model checker copies with every state it stores (an empty std::optional<Finding> inline is
// 96 bytes of every copy; this is 8).
#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace locksim {

template <class T>
class OutOfLine {
 public:
  OutOfLine() = default;
  OutOfLine(const OutOfLine& other) : value_(copy_of(other)) {}
  OutOfLine(OutOfLine&&) noexcept = default;
  auto operator=(const OutOfLine& other) -> OutOfLine& {
    if (this != &other) value_ = copy_of(other);
    return *this;
  }
  auto operator=(OutOfLine&&) noexcept -> OutOfLine& = default;
  auto operator=(T value) -> OutOfLine& {
    value_ = std::make_unique<T>(std::move(value));
    return *this;
  }
  ~OutOfLine() = default;

  explicit operator bool() const { return value_ != nullptr; }
  auto operator*() const -> const T& { return *value_; }
  auto operator*() -> T& { return *value_; }
  auto operator->() const -> const T* { return value_.get(); }
  auto operator->() -> T* { return value_.get(); }
  // A copy, as accessors hand it out.
  auto to_optional() const -> std::optional<T> {
    return value_ ? std::optional<T>(*value_) : std::nullopt;
  }

 private:
  static auto copy_of(const OutOfLine& other) -> std::unique_ptr<T> {
    return other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
  }

  std::unique_ptr<T> value_;
};

}  // namespace locksim
