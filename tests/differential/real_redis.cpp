// Starting, speaking to and stopping a real redis-server; see real_redis.hpp.
#include "tests/differential/real_redis.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <chrono>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

namespace locksim::testing {
namespace {

auto free_loopback_port() -> int {
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(probe);
    throw std::runtime_error("no free loopback port");
  }
  ::close(probe);
  return ntohs(address.sin_port);
}

auto connect_to(int port) -> int {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
  ::close(fd);
  return -1;
}

}  // namespace

RealRedis::RealRedis() : port_(free_loopback_port()) {
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
    const std::string port = std::to_string(port_);
    ::execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning",
             "--logfile", "/dev/null", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid_ < 0) throw std::runtime_error("fork failed");
  int socket = -1;
  for (int attempt = 0; attempt < 100 && socket < 0; ++attempt) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("redis-server exited at start (is it installed? tools/setup.sh)");
    }
    socket = connect_to(port_);
    if (socket < 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (socket < 0)
    throw std::runtime_error(fmt::format("redis-server on port {} unreachable", port_));
  links_.push_back({socket, {}});
}

auto RealRedis::connect() -> size_t {
  const int socket = connect_to(port_);
  if (socket < 0) throw std::runtime_error("another connection to redis-server failed");
  links_.push_back({socket, {}});
  return links_.size() - 1;
}

RealRedis::~RealRedis() {
  for (const Link& link : links_) ::close(link.socket);
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

auto RealRedis::run(const redis::Command& command, size_t connection) -> redis::Reply {
  Link& link = links_.at(connection);
  std::string request = fmt::format("*{}\r\n", command.argv.size());
  for (const std::string& argument : command.argv) {
    request += fmt::format("${}\r\n{}\r\n", argument.size(), argument);
  }
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n =
        ::send(link.socket, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send to redis-server failed");
    sent += static_cast<size_t>(n);
  }
  return read_reply(link);
}

auto RealRedis::read_exactly(Link& link, size_t count) -> std::string {
  while (link.buffer.size() < count) {
    char chunk[4096];
    const ssize_t n = ::recv(link.socket, chunk, sizeof chunk, 0);
    if (n <= 0) throw std::runtime_error("redis-server closed the connection");
    link.buffer.append(chunk, static_cast<size_t>(n));
  }
  std::string out = link.buffer.substr(0, count);
  link.buffer.erase(0, count);
  return out;
}

auto RealRedis::read_line(Link& link) -> std::string {
  size_t end = 0;
  while ((end = link.buffer.find("\r\n")) == std::string::npos) {
    char chunk[4096];
    const ssize_t n = ::recv(link.socket, chunk, sizeof chunk, 0);
    if (n <= 0) throw std::runtime_error("redis-server closed the connection");
    link.buffer.append(chunk, static_cast<size_t>(n));
  }
  std::string line = link.buffer.substr(0, end);
  link.buffer.erase(0, end + 2);
  return line;
}

auto RealRedis::read_reply(Link& link) -> redis::Reply {
  const std::string line = read_line(link);
  const std::string body = line.substr(1);
  switch (line.at(0)) {
    case '+': return redis::Reply::status(body);
    case '-': return redis::Reply::error(body);
    case ':': return redis::Reply::number(std::stoll(body));
    case '$': {
      const long long length = std::stoll(body);
      if (length < 0) return redis::Reply::nil();
      std::string value = read_exactly(link, static_cast<size_t>(length));
      read_exactly(link, 2);
      return redis::Reply::bulk(std::move(value));
    }
    case '*': {
      const long long count = std::stoll(body);
      if (count < 0) return redis::Reply::nil_array();
      redis::Reply array{redis::Reply::Type::array, {}, 0, {}};
      for (long long i = 0; i < count; ++i) array.elements.push_back(read_reply(link));
      return array;
    }
    default: throw std::runtime_error("unexpected RESP line: " + line);
  }
}

}  // namespace locksim::testing
