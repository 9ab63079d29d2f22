// Goal: durations read and print as people write them, and bad text gets a message that says
// exactly what is wrong with it.
#include "sim/core/duration_parse.hpp"

#include <gtest/gtest.h>

namespace locksim {
namespace {

auto error_of(std::string_view text, DurationSign sign = DurationSign::any) -> std::string {
  const DurationParse parsed = parse_duration(text, sign);
  EXPECT_FALSE(parsed.value) << text;
  return parsed.error;
}

TEST(ParseDuration, AcceptsEveryUnit) {
  EXPECT_EQ(parse_duration("250us").value, Duration::micros(250));
  EXPECT_EQ(parse_duration("1500ms").value, Duration::millis(1'500));
  EXPECT_EQ(parse_duration("2s").value, Duration::seconds(2));
  EXPECT_EQ(parse_duration("3m").value, Duration::seconds(180));
  EXPECT_EQ(parse_duration("1h").value, Duration::seconds(3'600));
  EXPECT_EQ(parse_duration("0").value, Duration{});
  EXPECT_EQ(parse_duration("-5ms").value, Duration::millis(-5));
}

TEST(ParseDuration, AcceptsDecimalsThatAreWholeMicroseconds) {
  EXPECT_EQ(parse_duration("1.5s").value, Duration::millis(1'500));
  EXPECT_EQ(parse_duration("0.25ms").value, Duration::micros(250));
  EXPECT_EQ(parse_duration("1.5h").value, Duration::seconds(5'400));
  EXPECT_EQ(parse_duration("0.000001s").value, Duration::micros(1));
  EXPECT_EQ(parse_duration("2.000000000000000000000s").value, Duration::seconds(2));
  EXPECT_EQ(parse_duration("-0.5s").value, Duration::millis(-500));
  EXPECT_EQ(parse_duration("0.0000001h").value, Duration::micros(360));
}

TEST(ParseDuration, SaysWhatIsWrong) {
  EXPECT_EQ(error_of("15"), "'15' needs a unit: us, ms, s, m or h (e.g. 15ms)");
  EXPECT_EQ(error_of("2x"), "'2x' has an unknown unit 'x' (known: us, ms, s, m or h)");
  EXPECT_EQ(error_of("2d"), "'2d' has an unknown unit 'd' (known: us, ms, s, m or h)");
  EXPECT_EQ(error_of("2.5us"), "'2.5us' is not a whole number of microseconds");
  EXPECT_EQ(error_of("0.0005ms"), "'0.0005ms' is not a whole number of microseconds");
  EXPECT_EQ(error_of("1.0000000000000000000001s"),
            "'1.0000000000000000000001s' is not a whole number of microseconds");
  EXPECT_EQ(error_of("99999999999999999m"), "'99999999999999999m' is too large");
  EXPECT_EQ(error_of("99999999999999999999999us"), "'99999999999999999999999us' is too large");
  EXPECT_EQ(error_of("ms"), "'ms' is not a duration (expected e.g. 1500ms, 1.5s, 2h)");
  EXPECT_EQ(error_of(""), "'' is not a duration (expected e.g. 1500ms, 1.5s, 2h)");
  EXPECT_EQ(error_of("1.s"), "'1.s' is not a duration (expected e.g. 1500ms, 1.5s, 2h)");
  EXPECT_EQ(error_of(".5s"), "'.5s' is not a duration (expected e.g. 1500ms, 1.5s, 2h)");
}

TEST(ParseDuration, RefusesTheSignsItIsToldTo) {
  EXPECT_EQ(error_of("-1s", DurationSign::not_negative), "'-1s' must not be negative");
  EXPECT_EQ(parse_duration("0", DurationSign::not_negative).value, Duration{});
  EXPECT_EQ(error_of("-1s", DurationSign::positive), "'-1s' must be longer than zero");
  EXPECT_EQ(error_of("0ms", DurationSign::positive), "'0ms' must be longer than zero");
  EXPECT_EQ(parse_duration("-1s", DurationSign::any).value, Duration::seconds(-1));
}

TEST(FormatDuration, ExactInTheLargestShortUnit) {
  EXPECT_EQ(format_duration(Duration::seconds(2)), "2s");
  EXPECT_EQ(format_duration(Duration::millis(1'500)), "1.5s");
  EXPECT_EQ(format_duration(Duration::micros(9'034'431)), "9.034431s");
  EXPECT_EQ(format_duration(Duration::micros(841'910)), "841.91ms");
  EXPECT_EQ(format_duration(Duration::micros(12)), "12us");
  EXPECT_EQ(format_duration(Duration::millis(-3)), "-3ms");
  EXPECT_EQ(format_duration(Duration{}), "0us");
}

TEST(FormatDuration, ExactTextReadsBack) {
  for (const int64_t us : {0L, 7L, 1'500'000L, 1'500L, -2'000'000L, 3'600'000'001L}) {
    EXPECT_EQ(parse_duration(format_duration_exact(Duration{us})).value, Duration{us});
  }
}

}  // namespace
}  // namespace locksim
