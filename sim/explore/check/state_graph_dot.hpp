// A recorded state graph as Graphviz DOT (Boost.Graph's write_graphviz), for `check --dot`: a
// node a state, labelled with its number and depth; an edge a transition, labelled with what
// it did. Initial states are blue, violating states red, and a counterexample's path is drawn
// bold red. The same graph gives the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/explore/check/state_graph.hpp"

namespace locksim {

// The most states a picture is drawn of: Graphviz lays out a few thousand nodes in seconds, and
// beyond that neither the layout nor a reader can follow the paths.
constexpr uint64_t kDotStatesMax = 2'000;

// `title` labels the whole graph (what was explored, and the verdict).
auto state_graph_dot(const StateGraph& graph, std::string_view title) -> std::string;

}  // namespace locksim
