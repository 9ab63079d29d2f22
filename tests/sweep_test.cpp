// Goal: a sweep's axes read as written, and each point's statistics are the ones derived by
// hand from its runs' records.
//  * Ranges of durations and of whole numbers expand inclusively; refusals say why.
//  * Seeds: N is 1..N; A..B.
//  * The median time to the first violation counts runs without one as censored at the end.
//  * A record survives its JSON line; a line cut short is not a record.
#include <gtest/gtest.h>

#include "sim/explore/sweep/point_statistics.hpp"
#include "sim/explore/sweep/run_record.hpp"
#include "sim/explore/sweep/sweep_spec.hpp"

namespace locksim {
namespace {

TEST(SweepSpec, RangesExpandInclusivelyInTheirOwnUnits) {
  EXPECT_EQ(expand_values("100ms..300ms step 100ms").values,
            (std::vector<std::string>{"100ms", "200ms", "300ms"}));
  EXPECT_EQ(expand_values("500ms..2s step 750ms").values,
            (std::vector<std::string>{"500ms", "1250ms", "2s"}));
  EXPECT_EQ(expand_values("1..5 step 2").values, (std::vector<std::string>{"1", "3", "5"}));
  EXPECT_EQ(expand_values("2..4").values, (std::vector<std::string>{"2", "3", "4"}));
  EXPECT_EQ(expand_values("500ms, 1s").values, (std::vector<std::string>{"500ms", "1s"}));
}

TEST(SweepSpec, BadValuesSayWhy) {
  EXPECT_EQ(expand_values("1s..2s").error,
            "a range of durations needs a step: '1s..2s step 100ms'");
  EXPECT_EQ(expand_values("5s..1s step 1s").error, "'5s..1s step 1s' runs backwards");
  EXPECT_EQ(expand_values("1..1000000").error, "'1..1000000' has too many values");
  EXPECT_EQ(expand_values("a,,b").error, "'a,,b' has an empty value");
  EXPECT_FALSE(parse_axis("ttl").axis);
  EXPECT_EQ(parse_axis("gc-pause:max=1s,2s").axis->name, "gc-pause:max");
}

TEST(SweepSpec, SeedsAreOneToNOrARange) {
  EXPECT_EQ(parse_seeds("100").first, 1U);
  EXPECT_EQ(parse_seeds("100").last, 100U);
  EXPECT_EQ(parse_seeds("201..400").first, 201U);
  EXPECT_EQ(parse_seeds("201..400").last, 400U);
  EXPECT_FALSE(parse_seeds("0").error.empty());
  EXPECT_FALSE(parse_seeds("9..3").error.empty());
}

TEST(SweepSpec, SurvivesItsJson) {
  SweepSpec spec{.algorithms = {"set-nx-px", "redlock:tries=5"},
                 .faults = "gc-pause,crash",
                 .workload = {{"clients", "5"}, {"ttl", "2s"}},
                 .seeds = "1..50",
                 .axes = {{"gc-pause:max", {"1s", "2s"}}}};
  EXPECT_EQ(spec_from_json(spec_json(spec)), spec);
}

auto record(uint64_t seed, std::optional<int64_t> first_mutex_ms) -> RunRecord {
  RunRecord r{.run = {0, seed}, .simulated = Duration::seconds(10)};
  if (first_mutex_ms) {
    r.violations[0] = 1;
    r.first_violation[0] = Duration::millis(*first_mutex_ms);
  }
  return r;
}

TEST(PointStatistics, TheMedianFirstViolationCountsRunsWithoutOneAsCensored) {
  // Five runs, three violated at 4s, 1s and 7s: sorted 1s 4s 7s, then two censored at the end;
  // the median (third of five) is 7s.
  const std::vector<RunRecord> three = {record(1, 4'000), record(2, std::nullopt), record(3, 1'000),
                                        record(4, 7'000), record(5, std::nullopt)};
  const PointStatistics statistics = point_statistics(three);
  EXPECT_EQ(statistics.violated[0].hits, 3U);
  EXPECT_EQ(statistics.first_seed[0], 1U);
  EXPECT_EQ(statistics.median_first_violation[0], Duration::millis(7'000));
  // Two of five: the median run never violated, so there is no median time.
  const std::vector<RunRecord> two = {record(1, 4'000), record(2, std::nullopt), record(3, 1'000),
                                      record(4, std::nullopt), record(5, std::nullopt)};
  EXPECT_FALSE(point_statistics(two).median_first_violation[0]);
}

TEST(RunRecord, SurvivesItsJsonLineAndACutLineIsNone) {
  RunRecord r = record(7, 1'234);
  r.acquisitions = 3;
  r.acquire_latencies.add(Duration::millis(1));
  r.acquire_latencies.add(Duration::micros(123'456));
  r.acquire_latencies.add(Duration::millis(5));
  const std::string line = record_line(r);
  EXPECT_EQ(parse_record_line(line), r);
  EXPECT_FALSE(parse_record_line(line.substr(0, line.size() / 2)));
  // A bucket that no histogram has (not a floor, past the longest, empty) makes no record.
  const std::string buckets = "[[1000,1],[5000,1],[123000,1]]";
  ASSERT_NE(line.find(buckets), std::string::npos) << line;
  for (const std::string bad :
       {"[[1001,1]]", "[[-1,1]]", "[[1000,0]]", "[[1000,4294967296]]", "[[99999999999999999,1]]"}) {
    std::string edited = line;
    edited.replace(edited.find(buckets), buckets.size(), bad);
    EXPECT_FALSE(parse_record_line(edited)) << edited;
  }
}

}  // namespace
}  // namespace locksim
