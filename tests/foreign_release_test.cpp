// Goal: the foreign-release monitor counts a command that removes a token another client holds,
// and only a live one: a token already expired by the server's clock was gone before the
// command. Method: a world set up by hand — c2 believes it holds `lock`, r1 stores c2's token
// (live, or expired) — and one step delivering c1's DEL.
#include <gtest/gtest.h>

#include "sim/check/foreign_release.hpp"
#include "test_worlds.hpp"

namespace locksim {
namespace {

auto releases_after_foreign_del(bool token_expired) -> uint64_t {
  testing::FunctionChooser chooser([](const Choice& c) { return testing::first_value(c); });
  World world = make_world(testing::fixed_config(2), chooser);
  world.queue = EventQueue{};  // nothing but the DEL below happens
  world.clients[1].belief = Belief{.holding = true, .key = "lock", .token = "c2.0.1"};
  ServerState& server = world.servers[0];
  const int64_t now_ms = server.clock.wall(world.now).unix_ms();
  server.redis.keyspace.put("lock", {std::string("c2.0.1"), now_ms + (token_expired ? -1 : 1'000)});
  world.connections[0].requests.push_back({0, 0, world.now, redis::Command{{"DEL", "lock"}}});
  world.queue.push(world.now, EventKind::deliver_request, 0);

  ForeignReleaseMonitor monitor;
  monitor.before_step(world, world.queue.earliest());
  const Event event = step(world, chooser);
  monitor.after_step(world, event, 1);
  if (monitor.first()) {
    EXPECT_EQ(monitor.first()->culprit, ClientId{0});
    EXPECT_EQ(monitor.first()->victim, ClientId{1});
  }
  return monitor.count();
}

TEST(ForeignRelease, RemovingAnotherClientsLiveTokenIsCounted) {
  EXPECT_EQ(releases_after_foreign_del(false), 1U);
}

TEST(ForeignRelease, ATokenThatAlreadyExpiredIsNotCounted) {
  EXPECT_EQ(releases_after_foreign_del(true), 0U);
}

}  // namespace
}  // namespace locksim
