// Goal: durations read and print as people write them, and bad text gets a clear message.
#include "sim/core/duration_parse.hpp"

#include <gtest/gtest.h>

namespace locksim {
namespace {

TEST(ParseDuration, AcceptsEveryUnit) {
  EXPECT_EQ(parse_duration("250us").value, Duration::micros(250));
  EXPECT_EQ(parse_duration("1500ms").value, Duration::millis(1'500));
  EXPECT_EQ(parse_duration("2s").value, Duration::seconds(2));
  EXPECT_EQ(parse_duration("3m").value, Duration::seconds(180));
  EXPECT_EQ(parse_duration("0").value, Duration{});
  EXPECT_EQ(parse_duration("-5ms").value, Duration::millis(-5));
}

TEST(ParseDuration, RejectsWithAReason) {
  EXPECT_FALSE(parse_duration("15").value);
  EXPECT_NE(parse_duration("15").error.find("needs a unit"), std::string::npos);
  EXPECT_FALSE(parse_duration("2h").value);
  EXPECT_FALSE(parse_duration("ms").value);
  EXPECT_FALSE(parse_duration("").value);
  EXPECT_FALSE(parse_duration("1.5s").value);
  EXPECT_FALSE(parse_duration("99999999999999999m").value);
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

}  // namespace
}  // namespace locksim
