// Partial-order reduction for the model checker. Time in locksim is discrete and events at
// different times are ordered by it, so the only interleavings are those of the events due at
// one instant, which the checker fires in every order. At some states one order is enough: when
// the event scheduled first is a client-side step — a client's timer or request timeout, or a
// reply reaching it — that commutes with every other event due and is invisible to every
// checked invariant, firing it first is a persistent set (Godefroid): every order the others
// are fired in, with the step anywhere among them, reaches states that firing it first reaches
// too, and no invariant can tell the difference. The checker then explores only that step's
// successors (all its choices) from that state.
//
// Why that is sound, condition by condition (C0–C3 of ample sets, as SPIN's reduction states
// them):
// - C0, not empty: the timer is due.
// - C1, independence: the step touches only its client (its program, requests and timers) and
//   the client's end of its connections (a reply taken off the head, a request added that
//   arrives strictly later: checked on every successor, no new event at the instant). The other
//   events due must touch neither that client nor its connections: another client's events and
//   its connections' deliveries, and server cron ticks, which touch only their server — nothing
//   that crashes, partitions or restarts (those reset connections and would race the step's
//   request), nor a clock step. And no fault that could reach the client may be injected later
//   at the instant: the budgets of pauses, client and server crashes and partitions are spent
//   (a clock jump moves a server's wall clock, which no client-side step reads). Under those
//   conditions the other events neither enable nor disable the step, nor change what it does,
//   and it changes nothing they read: the orders end in the same world up to the order of the
//   events they schedule, which the checker fires in every order anyway.
// - C2, invisibility: no successor of the step violates anything, or changes its client's
//   belief, lapsed lease, wish to lock or process status, or the protected resource — the state
//   every invariant observes of a client (the keyspace is a server's, which the step does not
//   touch) — or any checked monitor's history (model_checker.cpp compares its encoding).
// - C3, no event ignored forever (the cycle proviso of time-relative states): the events due at
//   an instant are finite, and a reduced step adds none, so each deferred event fires before
//   time moves on; a cycle of states relative to now passes through later instants, so no cycle
//   defers an event for ever.
// Not with pinned choices (a pin counts the occurrences of a choice in path order, which
// reordering changes) or the starvation check (whose fairness is over the orders themselves).
// Since reordered paths are equally long, a breadth-first counterexample stays a shortest one.
#pragma once

#include <optional>

#include "sim/explore/check/fault_budget.hpp"
#include "sim/world/world.hpp"

namespace locksim {

// Whether no fault left in the budget can reach a client or its connections (a pause or crash
// of it, a crash of a server it talks to, a cut link): only a clock jump, which moves a server's
// wall clock, which no client-side step reads.
auto faults_that_reach_clients_spent(const FaultBudget& budget) -> bool;

// The client whose client-side step the event due first is (its timer, its request timeout, a
// reply reaching it), where that step may be fired alone, before its successors are checked
// for invisibility: nothing else due touches that client or its connections, and no fault left
// can reach it.
auto client_alone(const World& world, const FaultBudget& budget) -> std::optional<uint32_t>;

// Whether a successor of firing that step leaves what the invariants observe as it was, and
// schedules nothing at the instant.
auto invisible_step(const World& before, const World& after, uint32_t client) -> bool;

}  // namespace locksim
