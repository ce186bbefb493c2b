-- Issue 18 (a frozen leader is replaced): the projector leader's lease.
--
-- The leader holds an advisory lock on a connection of its own; a leader that froze (a stopped
-- process, a host cut off without closing its connections) would keep it for as long as TCP keeps
-- the connection. So the leader also renews this row every few seconds, from that connection, by
-- the database's clock. An instance that finds the lock taken and the lease not renewed for longer
-- than its bound fences the holder: it ends the holder's backends (found by application_name),
-- which frees the lock, and takes over with the next epoch. A projector batch checks, in its
-- transaction, that the lease is still its epoch: a leader that wakes up after being replaced
-- applies nothing.
CREATE TABLE projector_lease (
  singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  -- the instance (connection-identity.ts) and the application_name of its connections
  holder           text NOT NULL,
  application_name text NOT NULL,
  backend_pid      integer NOT NULL,
  epoch            bigint NOT NULL CHECK (epoch >= 1),
  renewed_at       timestamptz NOT NULL
);
