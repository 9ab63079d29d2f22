// JUnit XML, the test report format GitLab, Jenkins and GitHub test reporters read: one
// <testsuite> per invocation inside <testsuites>, one <testcase> per check, a <failure> (message
// and the text to act on) or a <skipped> in a test case that did not pass. No times are written,
// so the same run writes the same bytes.
#pragma once

#include <string>
#include <vector>

namespace locksim {

struct JunitCase {
  enum class Status : uint8_t { passed, failed, skipped };
  std::string classname;
  std::string name;
  Status status = Status::passed;
  std::string message;  // failed, skipped: one line
  std::string text;     // failed: the details (the replay command)
};

struct JunitSuite {
  std::string name;
  std::vector<JunitCase> cases;
};

auto write_junit(const JunitSuite& suite) -> std::string;

}  // namespace locksim
