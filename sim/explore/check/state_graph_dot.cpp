// The state graph as DOT; see state_graph_dot.hpp. write_graphviz writes the nodes in number
// order and the edges in the order they were added (a bidirectional adjacency list keeps one
// list of all its edges, and iterating it also keeps clear of the uninitialised-iterator
// warning GCC 12 gives on a directed one's), so the text follows the recorded order only.
#include "sim/explore/check/state_graph_dot.hpp"

#include <fmt/format.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>

#include <sstream>

namespace locksim {
namespace {

struct TransitionIndex {
  size_t index = 0;  // into StateGraph::transitions()
};
using DotGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                       boost::no_property, TransitionIndex>;

constexpr std::string_view kViolating = "#d62728";
constexpr std::string_view kInitial = "#9ecae1";

// A DOT string: quotes and backslashes escaped, a line break as DOT's centred "\n".
auto dot_string(std::string_view text) -> std::string {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

struct StateWriter {
  const StateGraph& graph;
  void operator()(std::ostream& out, size_t number) const {
    const StateGraph::State& state = graph.states()[number];
    std::string attributes = fmt::format("label=\"{}\\nd{}\"", number, state.depth);
    if (state.violating) {
      attributes += fmt::format(",style=filled,fillcolor=\"{}\",fontcolor=white", kViolating);
    } else if (state.initial) {
      attributes += fmt::format(",style=filled,fillcolor=\"{}\"", kInitial);
    }
    if (state.on_path) attributes += fmt::format(",color=\"{}\",penwidth=3", kViolating);
    out << "[" << attributes << "]";
  }
};

struct TransitionWriter {
  const StateGraph& graph;
  const DotGraph& dot;
  void operator()(std::ostream& out, const DotGraph::edge_descriptor& edge) const {
    const StateGraph::Transition& transition = graph.transitions()[dot[edge].index];
    std::string attributes = "label=" + dot_string(transition.label);
    if (transition.on_path) {
      attributes +=
          fmt::format(",color=\"{}\",fontcolor=\"{}\",penwidth=3", kViolating, kViolating);
    } else if (transition.violating) {
      attributes += fmt::format(",color=\"{}\",style=dashed", kViolating);
    }
    out << "[" << attributes << "]";
  }
};

struct GraphWriter {
  std::string_view title;
  void operator()(std::ostream& out) const {
    out << "label=" << dot_string(title) << ";\nlabelloc=t;\n"
        << "node [shape=circle,fontsize=9,fontname=\"Helvetica\"];\n"
        << "edge [fontsize=7,fontname=\"Helvetica\"];\n";
  }
};

}  // namespace

auto state_graph_dot(const StateGraph& graph, std::string_view title) -> std::string {
  DotGraph dot(graph.states().size());
  for (size_t i = 0; i < graph.transitions().size(); ++i) {
    const StateGraph::Transition& transition = graph.transitions()[i];
    boost::add_edge(transition.from, transition.to, TransitionIndex{i}, dot);
  }
  std::ostringstream out;
  boost::write_graphviz(out, dot, StateWriter{graph}, TransitionWriter{graph, dot},
                        GraphWriter{title});
  return out.str();
}

}  // namespace locksim
