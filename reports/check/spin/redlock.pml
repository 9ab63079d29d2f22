/*
 * redlock.pml -- SPIN baseline model of Redlock: 3 servers, quorum 2, 2 clients,
 * no faults, discrete time.
 *
 * Each client loops:
 *   send SET lock <id> NX PX TTL to all three servers at once (start = now);
 *   collect the three replies, counting OKs;
 *   if OKs >= 2 and validity TTL - (now - start) - DRIFT > 0:
 *       hold, work W ticks, send compare-and-delete to all three, collect the
 *       three replies, idle 0, retry;
 *   else send compare-and-delete to all three, collect the replies, wait R ticks,
 *       retry.
 * A request takes one tick to reach its server, the reply one tick back.
 *
 * Time: as in set_nx_px_del.pml, `now` advances on `timeout` only (no other
 * process can move), up to the horizon H; every blocking point is an end* label.
 *
 * Property (assert): mutex -- two clients both believe they hold the lock.
 * Without faults it holds, so measurement runs keep assertions on.
 * Without faults every round takes exactly 2 ticks, so the validity is always
 * TTL - 2 - DRIFT = 7 > 0 and no key outlives its holder's release (pan reports
 * the expiry branch in Tick as unreached); the check is there for fidelity.
 *
 * Build-time knobs: spin -a -DH=<horizon> redlock.pml
 */
#ifndef H
#define H 14000       /* horizon in ticks (times are shorts: keep H + TTL < 32768) */
#endif
#define TTL   10      /* PX, in ticks */
#define DRIFT 1       /* clock-drift allowance subtracted from the validity */
#define W     5       /* work while holding */
#define R     2       /* retry delay after a failed round */
#define NC    2       /* clients 0, 1; a key stores id c+1 */
#define NS    3       /* servers 0..2 */
#define Q     2       /* quorum */

mtype = { SET, CAD, OK, NIL };   /* CAD: compare-and-delete (the unlock script) */
#define NONE 0                   /* empty message slot (mtype values are nonzero) */

short now;

/* each server's keyspace: the one key */
byte  owner[NS];                 /* 0 = no key, else client index + 1 */
short expiry[NS];

/* one request and one reply slot per (server, client) pair, index s*NC + c */
#define SLOT(s, c) ((s) * NC + (c))
mtype req_op[NS * NC];  short req_at[NS * NC];
mtype rep_op[NS * NC];  short rep_at[NS * NC];

bool  holds[NC];

#define REPLY(s, c)     (rep_op[SLOT(s, c)] != NONE && now >= rep_at[SLOT(s, c)])
#define SEND(s, c, op)  req_op[SLOT(s, c)] = op; req_at[SLOT(s, c)] = now + 1
#define SEND_ALL(c, op) SEND(0, c, op); SEND(1, c, op); SEND(2, c, op)

/* Take one reply from server s (replies are consumed one step each, in any
 * order, as an event loop would); count it as OK if it is. */
#define TAKE(s, c) \
    atomic { got < NS && REPLY(s, c) -> \
        oks = oks + (rep_op[SLOT(s, c)] == OK); got++; \
        rep_op[SLOT(s, c)] = NONE; rep_at[SLOT(s, c)] = 0 }

active [NC] proctype Client()
{
    byte  c = _pid;   /* this client's index */
    short start;      /* send time of the current acquire round; 0 when unused */
    short wake;       /* end of the current work or retry wait; 0 when unused */
    byte  got;        /* replies collected in this round */
    byte  oks;        /* OK replies among them */
    bool  ok;         /* this round acquired the lock */

end_idle:
    do
    :: atomic { SEND_ALL(c, SET); start = now; got = 0; oks = 0 };
end_acq:
       do
       :: TAKE(0, c)
       :: TAKE(1, c)
       :: TAKE(2, c)
       :: atomic { got == NS ->
              ok = (oks >= Q && TTL - (now - start) - DRIFT > 0);
              got = 0; oks = 0; start = 0;
              if
              :: ok -> holds[c] = 1; assert(!holds[1 - c]); wake = now + W   /* mutex */
              :: else -> SEND_ALL(c, CAD)       /* failed round: release everywhere */
              fi };
          break
       od;
end_work:
       /* holder: work, then release on all three */
       if
       :: atomic { ok && now >= wake -> holds[c] = 0; wake = 0; SEND_ALL(c, CAD) }
       :: !ok
       fi;
end_rel:
       do
       :: TAKE(0, c)
       :: TAKE(1, c)
       :: TAKE(2, c)
       :: atomic { got == NS -> got = 0; oks = 0;
              if
              :: ok -> ok = 0               /* idle 0: retry at once */
              :: else -> wake = now + R
              fi };
          break
       od;
end_retry:
       atomic { now >= wake -> wake = 0 }
    od
}

/* Advance time only when nothing else can happen in this instant; apply
 * expiries here so that an expired key is the same state as an absent one. */
inline expire(s)
{
    if :: owner[s] != 0 && now >= expiry[s] -> owner[s] = 0; expiry[s] = 0
       :: else
    fi
}

active proctype Tick()
{
end_tick:
    do
    :: atomic { timeout && now < H -> now++; expire(0); expire(1); expire(2) }
    od
}

/* A server executes a request in the instant it arrives; arrivals in the same
 * instant (at any server) are served in any order. */
inline serve(s, c)
{
    atomic { req_op[SLOT(s, c)] != NONE && now >= req_at[SLOT(s, c)] ->
        if
        :: req_op[SLOT(s, c)] == SET ->
            if
            :: owner[s] == 0 -> owner[s] = c + 1; expiry[s] = now + TTL; rep_op[SLOT(s, c)] = OK
            :: else          -> rep_op[SLOT(s, c)] = NIL
            fi
        :: req_op[SLOT(s, c)] == CAD ->       /* the unlock script: delete only our own value */
            if
            :: owner[s] == c + 1 -> owner[s] = 0; expiry[s] = 0
            :: else
            fi;
            rep_op[SLOT(s, c)] = OK
        fi;
        rep_at[SLOT(s, c)] = now + 1;
        req_op[SLOT(s, c)] = NONE; req_at[SLOT(s, c)] = 0 }
}

active proctype Servers()
{
end_srv:
    do
    :: serve(0, 0)
    :: serve(0, 1)
    :: serve(1, 0)
    :: serve(1, 1)
    :: serve(2, 0)
    :: serve(2, 1)
    od
}
