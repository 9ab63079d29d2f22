/*
 * set_nx_px_del.pml -- SPIN baseline model of the set-nx-px-del lock.
 *
 * One Redis server holding one key `lock` (value = owner client id, 0 = absent,
 * plus an expiry time), two clients, discrete time.  Each client loops:
 *   SET lock <id> NX PX TTL  -> OK:  hold, work W ticks, DEL lock (unconditional),
 *                                    await the DEL reply, idle 0, retry
 *                            -> nil: wait R ticks, retry
 * A request takes one tick to reach the server, the reply one tick back.
 * Fault budget: ONE gc-pause of P ticks (P > TTL) of one client, struck at a
 * nondeterministically chosen point.
 *
 * Time: the usual Promela discrete-time idiom.  Every process blocks on a guard
 * over `now`; the Tick process advances `now` only on `timeout`, i.e. when no
 * other process can move, and never past the horizon H, so the graph is finite.
 * At now == H every process is blocked at an end* label: a valid end state.
 *
 * Properties (assert):
 *   mutex:           two clients both believe they hold the lock;
 *   foreign release: a DEL removes a value set by the other client.
 * Both are known to fail under the pause; measurement runs use pan -A.
 *
 * Build-time knobs: spin -a -DH=<horizon> [-DCHECK_MUTEX=0] set_nx_px_del.pml
 * (CHECK_MUTEX=0 drops the mutex assert, so that the first error pan reports
 * is the foreign release.)
 */
#ifndef H
#define H 6000        /* horizon in ticks (times are shorts: keep H + P < 32768) */
#endif
#define TTL 10        /* PX, in ticks */
#define W   5         /* work while holding */
#define R   2         /* retry delay after nil */
#define P   12        /* gc-pause length, > TTL */
#define NC  2         /* clients 0 and 1; the key stores id c+1 */
#ifndef CHECK_MUTEX
#define CHECK_MUTEX 1
#endif

mtype = { SET, DEL, OK, NIL };
#define NONE 0                  /* empty message slot (mtype values are nonzero) */

short now;                      /* global discrete clock */

/* the server's keyspace: the one key */
byte  owner;                    /* 0 = no key, else client index + 1 */
short expiry;                   /* key is gone once now >= expiry */

/* one request and one reply slot per client: at most one outstanding request */
mtype req_op[NC];  short req_at[NC];   /* arrival time at the server */
mtype rep_op[NC];  short rep_at[NC];   /* arrival time at the client */

bool  holds[NC];                /* what the client believes */

/* fault state: one pause for the whole run */
bool  fault_left = 1;
bool  declined;                 /* fault declined to strike during this tick */
short paused_until[NC];         /* client c takes no step while now < paused_until[c] */

#define RUNNABLE(c)   (now >= paused_until[c])
#define REPLY(c)      (rep_op[c] != NONE && now >= rep_at[c] && RUNNABLE(c))
#define SEND(c, op)   req_op[c] = op; req_at[c] = now + 1

/* declared first so that the two clients are _pid 0 and 1 */
active [NC] proctype Client()
{
    byte  c = _pid;   /* this client's index */
    short wake;       /* time the current wait (work or retry) ends; 0 when unused */
    bool  ok;         /* the last SET was answered OK */

end_idle:
    do
    :: atomic { RUNNABLE(c) -> SEND(c, SET) };
end_acq:
       atomic { REPLY(c) ->
           ok = (rep_op[c] == OK);
           rep_op[c] = NONE; rep_at[c] = 0;
           if
           :: ok -> holds[c] = 1; wake = now + W;
#if CHECK_MUTEX
                 assert(!holds[1 - c])                                    /* mutex */
#else
                 skip
#endif
           :: else -> wake = now + R
           fi
       };
end_wait:
       if
       :: atomic { ok && now >= wake && RUNNABLE(c) ->      /* work done: release */
              holds[c] = 0; wake = 0; SEND(c, DEL) };
end_rel:
          atomic { REPLY(c) -> rep_op[c] = NONE; rep_at[c] = 0; ok = 0 }   /* idle 0 */
       :: atomic { !ok && now >= wake && RUNNABLE(c) -> wake = 0 }         /* retry */
       fi
    od
}

/* Advance time only when nothing else can happen in this instant.  Expiry is
 * applied here (active expiry at the tick) so that an expired key is the same
 * state as an absent one; a command at time now sees it gone iff now >= expiry. */
active proctype Tick()
{
end_tick:
    do
    :: atomic { timeout && now < H ->
           now++;
           declined = 0;
           if :: owner != 0 && now >= expiry -> owner = 0; expiry = 0
              :: else
           fi;
           if :: paused_until[0] != 0 && now >= paused_until[0] -> paused_until[0] = 0
              :: else
           fi;
           if :: paused_until[1] != 0 && now >= paused_until[1] -> paused_until[1] = 0
              :: else
           fi
       }
    od
}

/* The server executes a request in the instant it arrives (it cannot wait:
 * the guard stays enabled, so the tick cannot fire). Two arrivals in the same
 * instant are served in either order. */
inline serve(c)
{
    if
    :: req_op[c] == SET ->
        if
        :: owner == 0 -> owner = c + 1; expiry = now + TTL; rep_op[c] = OK
        :: else       -> rep_op[c] = NIL
        fi
    :: req_op[c] == DEL ->
        assert(owner == 0 || owner == c + 1);   /* foreign release */
        owner = 0; expiry = 0; rep_op[c] = OK
    fi;
    rep_at[c] = now + 1;
    req_op[c] = NONE; req_at[c] = 0
}

active proctype Server()
{
end_srv:
    do
    :: atomic { req_op[0] != NONE && now >= req_at[0] -> serve(0) }
    :: atomic { req_op[1] != NONE && now >= req_at[1] -> serve(1) }
    od
}

/* The single gc-pause: in any instant, between any two steps of the others,
 * it may pause either client for P ticks, or decline until the next tick (so
 * that it does not keep `timeout` false forever). */
active proctype Fault()
{
end_fault:
    do
    :: atomic { fault_left && !declined -> fault_left = 0; paused_until[0] = now + P }
    :: atomic { fault_left && !declined -> fault_left = 0; paused_until[1] = now + P }
    :: atomic { fault_left && !declined -> declined = 1 }
    od
}
