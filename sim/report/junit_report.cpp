// JUnit XML; see junit_report.hpp.
#include "sim/report/junit_report.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "sim/report/xml_text.hpp"

namespace locksim {

auto write_junit(const JunitSuite& suite) -> std::string {
  const auto count = [&](JunitCase::Status status) {
    return std::count_if(suite.cases.begin(), suite.cases.end(),
                         [&](const JunitCase& c) { return c.status == status; });
  };
  const auto failures = count(JunitCase::Status::failed);
  const auto skipped = count(JunitCase::Status::skipped);
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuites tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
                     suite.cases.size(), failures, skipped);
  xml += fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
      xml_escaped(suite.name), suite.cases.size(), failures, skipped);
  for (const JunitCase& test : suite.cases) {
    xml += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_escaped(test.classname),
                       xml_escaped(test.name));
    switch (test.status) {
      case JunitCase::Status::passed: xml += "/>\n"; break;
      case JunitCase::Status::failed:
        xml += fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                           xml_escaped(test.message), xml_escaped(test.text));
        break;
      case JunitCase::Status::skipped:
        xml += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                           xml_escaped(test.message));
        break;
    }
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace locksim
