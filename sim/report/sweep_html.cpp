// The standalone HTML sweep report; see sweep_html.hpp.
#include "sim/report/sweep_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "models/registry.hpp"
#include "sim/core/duration_parse.hpp"
#include "sim/report/rate_text.hpp"
#include "sim/report/xml_text.hpp"

namespace locksim {
namespace {

constexpr int kWidth = 720;
constexpr int kHeight = 340;
constexpr int kLeft = 64;
constexpr int kRight = 200;  // room for the legend
constexpr int kTop = 36;
constexpr int kBottom = 48;
constexpr std::string_view kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                        "#9467bd", "#8c564b", "#e377c2", "#17becf"};
// Lines that lie on top of each other (two algorithms that behave alike) stay told apart.
constexpr std::string_view kDashes[] = {"none", "7 4", "2 3", "9 3 2 3"};

// A coordinate as a number (durations in microseconds), when it reads as one.
auto numeric(const std::string& text) -> std::optional<double> {
  if (const DurationParse duration = parse_duration(text); duration.value) {
    return static_cast<double>(duration.value->us);
  }
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (!text.empty() && end == text.c_str() + text.size()) return value;
  return std::nullopt;
}

struct Series {
  std::string name;
  std::vector<std::pair<size_t, const Rate*>> points;  // (x value index, rate)
};

// One plot: the invariant's violation rate (with its 95% interval) against the first axis, a
// line per algorithm and combination of the other axes' values.
auto plot(const SweepPlan& plan, const std::vector<PointStatistics>& statistics, size_t invariant)
    -> std::string {
  std::vector<std::string> xs;  // the first axis's values, in plan order
  std::map<std::string, Series> by_name;
  std::vector<std::string> order;
  for (size_t p = 0; p < plan.points.size(); ++p) {
    const SweepPoint& point = plan.points[p];
    if (invariant >= watched_invariant_count(is_workload(point.algorithm))) continue;
    const std::string& x = point.coordinates.front();
    auto found = std::find(xs.begin(), xs.end(), x);
    if (found == xs.end()) found = xs.insert(xs.end(), x);
    std::string name = point.algorithm;
    for (size_t a = 1; a < point.coordinates.size(); ++a) {
      name += fmt::format(", {}={}", plan.axes[a], point.coordinates[a]);
    }
    if (!by_name.contains(name)) order.push_back(name);
    Series& series = by_name[name];
    series.name = name;
    series.points.emplace_back(static_cast<size_t>(found - xs.begin()),
                               &statistics[p].violated[invariant]);
  }
  std::vector<std::optional<double>> values;
  for (const std::string& x : xs) values.push_back(numeric(x));
  const bool linear =
      std::all_of(values.begin(), values.end(), [](auto v) { return v.has_value(); });
  const double low = linear ? **std::min_element(values.begin(), values.end()) : 0;
  const double high = linear ? **std::max_element(values.begin(), values.end()) : 1;
  const double plot_width = kWidth - kLeft - kRight;
  const double plot_height = kHeight - kTop - kBottom;
  const auto x_of = [&](size_t i) {
    const double share = linear ? (high > low ? (*values[i] - low) / (high - low) : 0.5)
                                : (xs.size() > 1 ? static_cast<double>(i) / (xs.size() - 1) : 0.5);
    return kLeft + share * plot_width;
  };
  // The rate axis runs to the next tenth above the highest interval bound, so that a few per
  // cent stay readable.
  double top = 0.1;
  for (const auto& [name, series] : by_name) {
    for (const auto& [i, rate] : series.points)
      top = std::max(top, std::ceil(rate->high * 10) / 10);
  }
  top = std::min(top, 1.0);
  const auto y_of = [&](double rate) { return kTop + (1 - rate / top) * plot_height; };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "role=\"img\" aria-label=\"{} violation rate against {}\">\n",
      kWidth, kHeight, kWidth, kHeight, kReportedInvariantNames[invariant],
      xml_escaped(plan.axes.front()));
  svg += fmt::format(
      "<text x=\"{}\" y=\"20\" class=\"title\">{}: runs that violated it, with "
      "95% intervals</text>\n",
      kLeft, kReportedInvariantNames[invariant]);
  for (int tick = 0; tick <= 4; ++tick) {
    const double y = y_of(top * tick / 4.0);
    svg += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"grid\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}%</text>\n",
        kLeft, y, kLeft + plot_width, y, kLeft - 6, y + 4, percent(top * tick / 4.0));
  }
  const size_t label_every = (xs.size() + 6) / 7;  // at most 7 labels
  for (size_t i = 0; i < xs.size(); i += label_every) {
    svg +=
        fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n",
                    x_of(i), kHeight - kBottom + 18, xml_escaped(xs[i]));
  }
  svg +=
      fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{}</text>\n",
                  kLeft + plot_width / 2, kHeight - 8, xml_escaped(plan.axes.front()));
  svg += fmt::format(
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{:.1f}\" class=\"frame\"/>"
      "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"frame\"/>\n",
      kLeft, kTop, kLeft, kTop + plot_height, kLeft, kTop + plot_height, kLeft + plot_width,
      kTop + plot_height);
  for (size_t s = 0; s < order.size(); ++s) {
    const Series& series = by_name[order[s]];
    const std::string_view color = kColors[s % std::size(kColors)];
    std::string line;
    for (const auto& [i, rate] : series.points) {
      line += fmt::format("{:.1f},{:.1f} ", x_of(i), y_of(rate->value()));
      svg += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" "
          "class=\"interval\"/><circle cx=\"{0:.1f}\" cy=\"{4:.1f}\" r=\"3\" fill=\"{3}\">"
          "<title>{5} at {6}: {7}</title></circle>\n",
          x_of(i), y_of(rate->low), y_of(rate->high), color, y_of(rate->value()),
          xml_escaped(series.name), xml_escaped(xs[i]), rate_cell(*rate));
    }
    svg += fmt::format(
        "<polyline points=\"{}\" stroke=\"{}\" stroke-dasharray=\"{}\" class=\"series\"/>\n", line,
        color, kDashes[s % std::size(kDashes)]);
    const double legend_y = kTop + 8 + 18.0 * static_cast<double>(s);
    svg += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"3\" "
        "stroke-dasharray=\"{}\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" class=\"legend\">{}</text>\n",
        kWidth - kRight + 10, legend_y - 4, kWidth - kRight + 30, legend_y - 4, color,
        kDashes[s % std::size(kDashes)], kWidth - kRight + 34, legend_y, xml_escaped(series.name));
  }
  return svg + "</svg>\n";
}

auto table(const SweepPlan& plan, const std::vector<PointStatistics>& statistics) -> std::string {
  std::string html = "<table>\n<thead><tr><th>algorithm</th>";
  for (const std::string& axis : plan.axes) html += fmt::format("<th>{}</th>", xml_escaped(axis));
  const size_t invariants = invariant_columns(plan);
  for (size_t i = 0; i < invariants; ++i) {
    html += fmt::format("<th>{}</th>", kReportedInvariantNames[i]);
  }
  html +=
      "<th>acquisitions/s</th><th>p50</th><th>p99</th><th>availability</th></tr></"
      "thead>\n<tbody>\n";
  for (size_t p = 0; p < plan.points.size(); ++p) {
    const SweepPoint& point = plan.points[p];
    const PointStatistics& s = statistics[p];
    html += fmt::format("<tr><td>{}</td>", xml_escaped(point.algorithm));
    for (const std::string& value : point.coordinates) {
      html += fmt::format("<td>{}</td>", xml_escaped(value));
    }
    for (size_t i = 0; i < invariants; ++i) {
      html += fmt::format("<td{}>{}</td>", s.violated[i].hits > 0 ? " class=\"violated\"" : "",
                          invariant_cell(point, s, i));
    }
    html += fmt::format("<td>{:.1f}</td><td>{}</td><td>{}</td><td>{:.1f}%</td></tr>\n",
                        s.throughput, latency_cell(s, s.latency_p50),
                        latency_cell(s, s.latency_p99), s.availability * 100);
  }
  return html + "</tbody>\n</table>\n";
}

}  // namespace

auto sweep_html(const ReportOrigin& origin, const SweepPlan& plan,
                const std::vector<PointStatistics>& statistics) -> std::string {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>locksim sweep</title>\n<style>\n"
      "body {{ font-family: sans-serif; margin: 2em; color: #222; }}\n"
      "code {{ background: #f3f3f3; padding: 0 0.2em; }}\n"
      "table {{ border-collapse: collapse; font-size: 0.85em; margin-top: 1em; }}\n"
      "th, td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: right; }}\n"
      "th {{ background: #f3f3f3; }} td.violated {{ background: #fde8e8; }}\n"
      "svg {{ display: block; margin: 1em 0; }}\n"
      "svg .title {{ font-size: 14px; font-weight: bold; }}\n"
      "svg .tick, svg .legend, svg .axis {{ font-size: 11px; }}\n"
      "svg .grid {{ stroke: #e5e5e5; }} svg .frame {{ stroke: #444; }}\n"
      "svg .series {{ fill: none; stroke-width: 2; }} svg .interval {{ stroke-width: 1.5; }}\n"
      "</style>\n</head>\n<body>\n<h1>locksim sweep</h1>\n"
      "<p>Generated by <code>{}</code> (locksim {}, commit {}); seeds {}..{}, {} simulated "
      "each. A rate is the share of runs with at least one violation, with its 95% Wilson "
      "interval.</p>\n",
      xml_escaped(origin.command), xml_escaped(std::string(origin.version)),
      xml_escaped(std::string(origin.commit)), plan.seed_first, plan.seed_last, plan.duration);
  if (!plan.axes.empty()) {
    for (size_t i = 0; i < kReportedInvariantCount; ++i) {
      const bool violated =
          std::any_of(statistics.begin(), statistics.end(),
                      [&](const PointStatistics& s) { return s.violated[i].hits > 0; });
      if (violated) html += plot(plan, statistics, i);
    }
  }
  return html + table(plan, statistics) + "</body>\n</html>\n";
}

}  // namespace locksim
