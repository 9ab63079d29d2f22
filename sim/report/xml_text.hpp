// Text for XML documents (the SVG diagrams, JUnit reports): the characters that would end an
// element or a double-quoted attribute escaped.
#pragma once

#include <string>
#include <string_view>

namespace locksim {

// &, <, > and " escaped; attributes are always written in double quotes.
auto xml_escaped(std::string_view text) -> std::string;

}  // namespace locksim
