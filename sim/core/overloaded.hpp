// The overload set for std::visit: Overloaded{[](const A&) {...}, [](const B&) {...}}.
#pragma once

namespace locksim {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// Spelled out for compilers without aggregate deduction (clang 14, used for fuzzing).
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace locksim
